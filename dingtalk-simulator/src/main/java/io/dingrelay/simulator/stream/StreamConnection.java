package io.dingrelay.simulator.stream;

import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.ServerWebSocket;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** One client's Stream socket, as the hub tracks it. */
public final class StreamConnection {

    /** {@code DISCONNECTING}: a SYSTEM disconnect was sent; no new frames go to it, it is closed after the grace. */
    public enum State {
        OPEN, DISCONNECTING, CLOSED
    }

    private final String id;
    private final String app;
    private final List<Subscription> subscriptions;
    private final ServerWebSocket socket;
    private final HttpConnection tcp;
    private final long openedAt = System.currentTimeMillis();
    private final AtomicLong framesSent = new AtomicLong();
    private final AtomicLong acks = new AtomicLong();
    private volatile State state = State.OPEN;

    public StreamConnection(String id, String app, List<Subscription> subscriptions, ServerWebSocket socket, HttpConnection tcp) {
        this.id = id;
        this.app = app;
        this.subscriptions = List.copyOf(subscriptions);
        this.socket = socket;
        this.tcp = tcp;
    }

    public String id() {
        return id;
    }

    public String app() {
        return app;
    }

    public State state() {
        return state;
    }

    void state(State state) {
        this.state = state;
    }

    ServerWebSocket socket() {
        return socket;
    }

    /** Closes the TCP connection without a WebSocket close frame: what a dropped connection looks like to the client. */
    void drop() {
        // HttpConnection.close() would still send a WebSocket close frame (code 1000); the channel itself is cut.
        if (tcp instanceof io.vertx.core.net.impl.ConnectionBase base) {
            base.channel().close();
        } else {
            tcp.close();
        }
    }

    boolean accepts(String type, String topic) {
        if (state != State.OPEN) {
            return false;
        }
        for (Subscription s : subscriptions) {
            if (s.matches(type, topic)) {
                return true;
            }
        }
        return false;
    }

    void sent() {
        framesSent.incrementAndGet();
    }

    void acked() {
        acks.incrementAndGet();
    }

    public java.util.Map<String, Object> view() {
        return java.util.Map.of("id", id, "app", app, "state", state.name(), "openedAt", openedAt,
                "subscriptions", subscriptions, "framesSent", framesSent.get(), "acks", acks.get());
    }
}
