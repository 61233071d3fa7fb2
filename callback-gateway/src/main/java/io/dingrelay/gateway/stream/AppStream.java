package io.dingrelay.gateway.stream;

import io.dingrelay.gateway.config.ConfiguredApp;
import io.micrometer.core.instrument.LongTaskTimer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * One Stream connection of one app, kept open for the life of the service (dingtalk-protocol.md §6.7): open (a new
 * ticket every time), connect, hand every frame to {@link StreamFrameHandler} and write its ACK on the same socket.
 *
 * <ul>
 *   <li>A closed or failed socket is replaced after a capped exponential back-off with jitter ({@link Backoff});
 *       a successful connection resets it.</li>
 *   <li>DingTalk refusing the credentials (4xx on the open call, e.g. a wrong clientSecret) is logged once as an
 *       error naming the keys to check, shown in readiness, and retried only every {@code backoff-max}.</li>
 *   <li>A SYSTEM {@code disconnect} is ACKed, then a new connection is opened <em>before</em> the old socket is let
 *       go: the old one keeps answering the frames it already has and is closed once they are ACKed (or by DingTalk).</li>
 *   <li>A WebSocket ping every {@code ping-interval}; a socket that answered none of the previous one is replaced.</li>
 * </ul>
 * Everything runs on Vert.x event loops (Quarkus' own Vert.x): no thread of its own, no blocking.
 */
final class AppStream {

    private static final Logger LOG = Logger.getLogger(AppStream.class);

    enum State {
        STOPPED, CONNECTING, CONNECTED, RETRYING, REFUSED
    }

    /** One open WebSocket and what is still being answered on it. */
    private static final class Socket {
        final WebSocket ws;
        final LongTaskTimer.Sample sample;
        final AtomicInteger inFlight = new AtomicInteger();
        final Instant since = Instant.now();
        volatile boolean pongSincePing = true;
        volatile boolean draining;

        Socket(WebSocket ws, LongTaskTimer.Sample sample) {
            this.ws = ws;
            this.sample = sample;
        }
    }

    private final ConfiguredApp app;
    private final String appName;
    private final int slot;
    private final Vertx vertx;
    private final StreamOpener opener;
    private final WebSocketClient client;
    private final StreamFrameHandler handler;
    private final StreamMetrics metrics;
    private final Backoff backoff;
    private final long connectTimeoutMillis;
    private final long pingIntervalMillis;

    private State state = State.STOPPED;
    private String problem;
    private int failures;
    private boolean stopped = true;
    private boolean connecting;
    private boolean refusalLogged;
    private long retryTimer = -1;
    private long pingTimer = -1;
    private Socket current;
    private final Set<Socket> draining = new HashSet<>();

    AppStream(ConfiguredApp app, int slot, Vertx vertx, StreamOpener opener, WebSocketClient client,
            StreamFrameHandler handler, StreamMetrics metrics, Backoff backoff, long connectTimeoutMillis,
            long pingIntervalMillis) {
        this.app = app;
        this.appName = app.name().value();
        this.slot = slot;
        this.vertx = vertx;
        this.opener = opener;
        this.client = client;
        this.handler = handler;
        this.metrics = metrics;
        this.backoff = backoff;
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.pingIntervalMillis = pingIntervalMillis;
    }

    synchronized void start() {
        stopped = false;
        pingTimer = vertx.setPeriodic(pingIntervalMillis, id -> keepAlive());
        connect();
    }

    synchronized void stop() {
        stopped = true;
        state = State.STOPPED;
        if (retryTimer >= 0) {
            vertx.cancelTimer(retryTimer);
        }
        if (pingTimer >= 0) {
            vertx.cancelTimer(pingTimer);
        }
        if (current != null) {
            current.ws.close();
        }
        draining.forEach(s -> s.ws.close());
    }

    /** For readiness: state, the problem if any, since when connected. */
    synchronized Map<String, Object> view() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("state", state.name());
        if (problem != null) {
            v.put("problem", problem);
        }
        if (current != null) {
            v.put("connectedSince", current.since.toString());
        }
        return v;
    }

    synchronized boolean connected() {
        return current != null && state == State.CONNECTED;
    }

    private synchronized void connect() {
        if (stopped || connecting) {
            return;
        }
        connecting = true;
        if (current == null) {
            state = State.CONNECTING;
        }
        opener.open(app)
                .compose(opened -> client.connect(new WebSocketConnectOptions().setAbsoluteURI(opened.uri())
                        .setConnectTimeout(connectTimeoutMillis).setTimeout(connectTimeoutMillis)))
                .onComplete(ar -> {
                    if (ar.succeeded()) {
                        connected(ar.result());
                    } else {
                        failed(ar.cause());
                    }
                });
    }

    private synchronized void connected(WebSocket ws) {
        connecting = false;
        if (stopped) {
            ws.close();
            return;
        }
        Socket s = new Socket(ws, metrics.connected(appName));
        Socket previous = current;
        current = s;
        state = State.CONNECTED;
        problem = null;
        failures = 0;
        refusalLogged = false;
        ws.textMessageHandler(text -> onFrame(s, text));
        ws.pongHandler(b -> s.pongSincePing = true);
        ws.closeHandler(v -> closed(s));
        ws.exceptionHandler(e -> LOG.debugf("Stream socket of app %s: %s", appName, e.toString()));
        LOG.infof("Stream connection %d of app %s connected%s", slot, appName, previous != null ? " (replacing one DingTalk is closing)" : "");
        if (previous != null) {
            drain(previous);
        }
    }

    private synchronized void failed(Throwable cause) {
        connecting = false;
        if (stopped) {
            return;
        }
        if (cause instanceof StreamOpener.RefusedException) {
            problem = "DingTalk refused to open a Stream connection (" + cause.getMessage() + "): check dingtalk.apps."
                    + appName + ".app-key and .app-secret (clientId/clientSecret) and that the app uses Stream mode";
            if (current == null) {
                state = State.REFUSED;
            }
            metrics.reconnect(appName, "refused");
            if (!refusalLogged) {
                LOG.errorf("%s; retrying every %d s", problem, backoff.maxMillis() / 1000);
                refusalLogged = true;
            }
            schedule(backoff.maxMillis());
            return;
        }
        problem = "could not connect: " + cause;
        if (current == null) {
            state = State.RETRYING;
        }
        metrics.reconnect(appName, "failed");
        long delay = backoff.delayMillis(failures++);
        LOG.warnf("Stream connection %d of app %s: %s; retrying in %d ms", slot, appName, problem, delay);
        schedule(delay);
    }

    private synchronized void closed(Socket s) {
        s.sample.stop();
        if (draining.remove(s) || s != current) {
            return;
        }
        current = null;
        if (stopped) {
            return;
        }
        state = State.RETRYING;
        problem = "socket closed";
        metrics.reconnect(appName, "closed");
        if (!connecting) {
            long delay = backoff.delayMillis(failures++);
            LOG.warnf("Stream connection %d of app %s closed; reconnecting in %d ms", slot, appName, delay);
            schedule(delay);
        }
    }

    private void schedule(long delayMillis) {
        retryTimer = vertx.setTimer(Math.max(1, delayMillis), id -> {
            synchronized (this) {
                retryTimer = -1;
            }
            connect();
        });
    }

    private void onFrame(Socket s, String text) {
        s.pongSincePing = true; // any frame shows the socket is alive
        s.inFlight.incrementAndGet();
        handler.handle(app, text).subscribe().with(reply -> answered(s, reply), failure -> {
            LOG.errorf(failure, "Stream frame of app %s not answered", appName);
            answered(s, null);
        });
    }

    private void answered(Socket s, StreamFrameHandler.Reply reply) {
        if (reply != null) {
            s.ws.writeTextMessage(reply.ack()).onFailure(e -> {
                // DingTalk redelivers an un-ACKed event; the repeat is answered from the de-duplication memory.
                metrics.ackFailed(appName);
                LOG.debugf("Stream ACK of app %s not sent: %s", appName, e.toString());
            });
        }
        int left = s.inFlight.decrementAndGet();
        if (reply != null && reply.disconnect()) {
            replace(s);
        } else if (s.draining && left == 0) {
            s.ws.close();
        }
    }

    /** After a SYSTEM disconnect: a new connection first; the old socket drains once it is connected. */
    private synchronized void replace(Socket s) {
        if (s != current || stopped) {
            return;
        }
        metrics.reconnect(appName, "disconnect");
        connect();
    }

    private synchronized void drain(Socket s) {
        s.draining = true;
        draining.add(s);
        if (s.inFlight.get() == 0) {
            s.ws.close();
        }
    }

    private synchronized void keepAlive() {
        Socket s = current;
        if (s == null || stopped) {
            return;
        }
        if (!s.pongSincePing) {
            LOG.warnf("Stream connection %d of app %s answered no ping for %d ms; replacing it", slot, appName, pingIntervalMillis);
            metrics.reconnect(appName, "no_pong");
            s.ws.close();
            return;
        }
        s.pongSincePing = false;
        s.ws.writePing(Buffer.buffer("dingrelay"));
    }
}
