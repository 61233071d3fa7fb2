package io.dingrelay.simulator.stream;

import io.dingrelay.simulator.RandomIds;
import io.dingrelay.simulator.config.SimulatorConfig;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * DingTalk's side of the open Stream sockets (dingtalk-protocol.md §6): picks a connection per frame at random among
 * the app's connections subscribed to it (DingTalk load-balances, §6.6), matches each ACK to its frame by messageId,
 * and redelivers an EVENT that was answered {@code LATER} (or anything but SUCCESS), not ACKed within
 * {@code simulator.stream.ack-timeout}, or in flight on a socket that closed. CALLBACK frames (robot messages) are
 * fire-and-forget, as on DingTalk: never redelivered. Each delivery of an event is a new frame with a new messageId.
 */
@ApplicationScoped
public class StreamHub {

    private static final Logger LOG = Logger.getLogger(StreamHub.class);

    /** What one delivery attempt came to: an ACK, or {@code timeout} / {@code closed} without one. */
    public record Answer(String connectionId, String outcome, int code, String status, String message, String data,
                         long micros) {
    }

    /** A frame DingTalk has to get through, with every delivery attempt and its answer. */
    public static final class Delivery {
        final String app;
        final String type;
        final String topic;
        final String eventId;
        /** The frame for a messageId (each delivery gets its own). */
        final Function<String, String> frame;
        /** Only this connection (SYSTEM frames), or null for any subscribed one. */
        final StreamConnection only;
        final List<Answer> answers = new ArrayList<>();
        final CompletableFuture<Answer> firstAnswer = new CompletableFuture<>();
        final CompletableFuture<Answer> settled = new CompletableFuture<>();
        int deliveries;
        String messageId;
        StreamConnection connection;
        long sentAt;
        long timer = -1;

        Delivery(String app, String type, String topic, String eventId, StreamConnection only, Function<String, String> frame) {
            this.app = app;
            this.type = type;
            this.topic = topic;
            this.eventId = eventId;
            this.only = only;
            this.frame = frame;
        }

        /** The first answer (ACK, timeout or closed socket) of the first delivery; failed when it could not be sent. */
        public CompletableFuture<Answer> firstAnswer() {
            return firstAnswer;
        }

        /** Completed by the answer that ends it (SUCCESS for an event); failed when abandoned or never sent. */
        public CompletableFuture<Answer> settled() {
            return settled;
        }

        public String eventId() {
            return eventId;
        }

        /** The messageId of the latest delivery. */
        public synchronized String messageId() {
            return messageId;
        }

        public synchronized Map<String, Object> view() {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("type", type);
            v.put("topic", topic);
            if (eventId != null) {
                v.put("eventId", eventId);
            }
            v.put("messageId", messageId);
            v.put("deliveries", deliveries);
            v.put("settled", settled.isDone() && !settled.isCompletedExceptionally());
            v.put("abandoned", settled.isCompletedExceptionally());
            v.put("answers", List.copyOf(answers));
            return v;
        }
    }

    /** No connection of the app takes the frame. */
    public static final class NoConnectionException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public NoConnectionException(String app, String type, String topic) {
            super("app '" + app + "' has no open Stream connection subscribed to " + type + " " + topic, null, false, false);
        }
    }

    private final Vertx vertx;
    private final SimulatorConfig.StreamConfig config;
    private final Map<String, List<StreamConnection>> connections = new ConcurrentHashMap<>();
    private final Map<String, Delivery> inFlight = new ConcurrentHashMap<>();
    /** Events waiting for a connection of their app. */
    private final Map<String, List<Delivery>> waiting = new ConcurrentHashMap<>();
    /** Events by eventId, for {@code GET /sim/stream/events/{id}}. */
    private final Map<String, Delivery> events = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final String idPrefix = RandomIds.hex(8);

    public StreamHub(Vertx vertx, SimulatorConfig config) {
        this.vertx = vertx;
        this.config = config.stream();
    }

    // ---- connections ----

    public void register(StreamConnection c) {
        synchronized (this) {
            connections.computeIfAbsent(c.app(), a -> new ArrayList<>()).add(c);
            count("connections.opened");
        }
        c.socket().textMessageHandler(text -> onText(c, text));
        c.socket().closeHandler(v -> onClosed(c));
        c.socket().exceptionHandler(e -> LOG.debugf("Stream connection %s: %s", c.id(), e.toString()));
        List<Delivery> queued;
        synchronized (this) {
            queued = waiting.remove(c.app());
        }
        if (queued != null) {
            queued.forEach(this::send);
        }
    }

    public synchronized List<Map<String, Object>> connections() {
        List<Map<String, Object>> out = new ArrayList<>();
        connections.values().forEach(list -> list.forEach(c -> out.add(c.view())));
        return out;
    }

    /** Open connections of {@code app} (not disconnecting). */
    public synchronized int openConnections(String app) {
        return (int) connections.getOrDefault(app, List.of()).stream()
                .filter(c -> c.state() == StreamConnection.State.OPEN).count();
    }

    private synchronized List<StreamConnection> of(String app) {
        return List.copyOf(connections.getOrDefault(app, List.of()));
    }

    // ---- sending ----

    /** A new messageId in DingTalk's style ({@code 213d841d_972_1898bb26334_70a7}). */
    public String newMessageId() {
        return idPrefix + "_" + Long.toHexString(ids.incrementAndGet()) + "_" + Long.toHexString(System.currentTimeMillis());
    }

    /** Sends an EVENT; it is delivered until it is ACKed SUCCESS (or abandoned), waiting for a connection if none is open. */
    public Delivery event(String app, String eventId, Function<String, String> frame) {
        Delivery d = new Delivery(app, StreamFrames.EVENT, "*", eventId, null, frame);
        if (events.size() > 100_000) {
            events.clear();
        }
        events.put(eventId, d);
        send(d);
        return d;
    }

    /** Sends a CALLBACK once (robot messages are never redelivered); fails at once when no connection takes it. */
    public Delivery callback(String app, String topic, Function<String, String> frame) {
        Delivery d = new Delivery(app, StreamFrames.CALLBACK, topic, null, null, frame);
        send(d);
        return d;
    }

    /** SYSTEM ping to every connection of the app ({@code data = {"opaque":…}}; the client echoes it). */
    public List<Delivery> ping(String app) {
        List<Delivery> out = new ArrayList<>();
        for (StreamConnection c : of(app)) {
            String opaque = java.util.UUID.randomUUID().toString();
            Delivery d = new Delivery(app, StreamFrames.SYSTEM, StreamFrames.PING, null, c, id -> StreamFrames.frame(
                    StreamFrames.SYSTEM, StreamFrames.PING, id, null, "{\"opaque\":\"" + opaque + "\"}"));
            send(d);
            out.add(d);
        }
        return out;
    }

    /**
     * SYSTEM disconnect to every open connection of the app: no new frames go to them, and each is closed after
     * {@code simulator.stream.disconnect-grace} unless the client closes it first (§6.4).
     */
    public List<Delivery> disconnect(String app) {
        List<Delivery> out = new ArrayList<>();
        for (StreamConnection c : of(app)) {
            if (c.state() != StreamConnection.State.OPEN) {
                continue;
            }
            Delivery d = new Delivery(app, StreamFrames.SYSTEM, StreamFrames.DISCONNECT, null, c, id -> StreamFrames.frame(
                    StreamFrames.SYSTEM, StreamFrames.DISCONNECT, id, null, "{\"reason\":\"connection is expired\"}"));
            send(d);
            c.state(StreamConnection.State.DISCONNECTING);
            count("disconnects.sent");
            vertx.setTimer(config.disconnectGrace().toMillis(), t -> {
                if (c.state() != StreamConnection.State.CLOSED) {
                    c.socket().close();
                }
            });
            out.add(d);
        }
        return out;
    }

    /** The fault switch: closes every connection of the app at the TCP level, without a close frame. */
    public int drop(String app) {
        List<StreamConnection> all = of(app);
        all.forEach(StreamConnection::drop);
        count("connections.dropped", all.size());
        return all.size();
    }

    /**
     * Writes {@code text} as it is to one open connection of the app (malformed, oversized or unknown-topic frames for
     * tests). When {@code messageId} is given (the one inside the text), the client's ACK to it is matched and
     * reported like any other; never redelivered.
     */
    public Delivery raw(String app, String text, String messageId) {
        List<StreamConnection> open = of(app).stream().filter(c -> c.state() == StreamConnection.State.OPEN).toList();
        if (open.isEmpty()) {
            throw new NoConnectionException(app, "any", "frame");
        }
        StreamConnection c = open.get(ThreadLocalRandom.current().nextInt(open.size()));
        Delivery d = new Delivery(app, "RAW", "raw", null, c, id -> text);
        synchronized (d) {
            d.deliveries = 1;
            d.messageId = messageId;
            d.connection = c;
            d.sentAt = System.nanoTime();
            if (messageId != null) {
                inFlight.put(messageId, d);
            }
        }
        count("frames.raw");
        c.sent();
        c.socket().writeTextMessage(text);
        return d;
    }

    private void send(Delivery d) {
        StreamConnection target;
        synchronized (this) {
            target = d.only != null ? (d.only.state() == StreamConnection.State.CLOSED ? null : d.only) : pick(d);
            if (target == null) {
                if (d.type.equals(StreamFrames.EVENT)) {
                    waiting.computeIfAbsent(d.app, a -> new ArrayList<>()).add(d);
                    return;
                }
                NoConnectionException e = new NoConnectionException(d.app, d.type, d.topic);
                d.firstAnswer.completeExceptionally(e);
                d.settled.completeExceptionally(e);
                return;
            }
        }
        String text;
        synchronized (d) {
            d.deliveries++;
            d.messageId = newMessageId();
            d.connection = target;
            d.sentAt = System.nanoTime();
            text = d.frame.apply(d.messageId);
            inFlight.put(d.messageId, d);
            if (d.type.equals(StreamFrames.EVENT)) {
                String id = d.messageId;
                d.timer = vertx.setTimer(config.ackTimeout().toMillis(), t -> timedOut(d, id));
            }
        }
        target.sent();
        count("frames." + d.type);
        if (d.deliveries > 1) {
            count("redeliveries");
        }
        target.socket().writeTextMessage(text);
    }

    private StreamConnection pick(Delivery d) {
        List<StreamConnection> all = connections.getOrDefault(d.app, List.of());
        List<StreamConnection> fit = new ArrayList<>(all.size());
        for (StreamConnection c : all) {
            if (c.accepts(d.type, d.topic)) {
                fit.add(c);
            }
        }
        return fit.isEmpty() ? null : fit.get(ThreadLocalRandom.current().nextInt(fit.size()));
    }

    // ---- answers ----

    private void onText(StreamConnection c, String text) {
        if (text.length() > config.maxFrameBytes() / 3 && text.getBytes(StandardCharsets.UTF_8).length > config.maxFrameBytes()) {
            count("frames.oversized");
            c.socket().close((short) 1009, "frame larger than " + config.maxFrameBytes() + " bytes");
            return;
        }
        StreamFrames.Ack ack = StreamFrames.readAck(text);
        if (ack == null) {
            count("acks.malformed");
            return;
        }
        Delivery d = inFlight.remove(ack.messageId());
        if (d == null) {
            count("acks.unknown");
            return;
        }
        c.acked();
        Answer a;
        synchronized (d) {
            if (d.timer >= 0) {
                vertx.cancelTimer(d.timer);
                d.timer = -1;
            }
            // An event's SUCCESS/LATER (also for a raw frame that is an event; a callback's data has no status).
            String status = d.type.equals(StreamFrames.CALLBACK) || d.type.equals(StreamFrames.SYSTEM) ? null : ack.eventStatus();
            a = new Answer(c.id(), "ack", ack.code(), status, ack.message(), ack.data(), (System.nanoTime() - d.sentAt) / 1000);
            d.answers.add(a);
        }
        count("acks." + d.type + "." + ack.code() + (a.status() != null ? "." + a.status() : ""));
        d.firstAnswer.complete(a);
        if (d.type.equals(StreamFrames.EVENT) && !(ack.code() == 200 && "SUCCESS".equals(a.status()))) {
            redeliverLater(d);
        } else {
            d.settled.complete(a);
        }
    }

    private void timedOut(Delivery d, String messageId) {
        if (!inFlight.remove(messageId, d)) {
            return;
        }
        Answer a;
        synchronized (d) {
            d.timer = -1;
            a = new Answer(d.connection.id(), "timeout", 0, null, null, null, (System.nanoTime() - d.sentAt) / 1000);
            d.answers.add(a);
        }
        count("acks.timeout");
        d.firstAnswer.complete(a);
        send(d);
    }

    private void onClosed(StreamConnection c) {
        synchronized (this) {
            c.state(StreamConnection.State.CLOSED);
            List<StreamConnection> list = connections.get(c.app());
            if (list != null) {
                list.remove(c);
            }
            count("connections.closed");
        }
        for (Delivery d : List.copyOf(inFlight.values())) {
            if (d.connection != c || !inFlight.remove(d.messageId, d)) {
                continue;
            }
            Answer a;
            synchronized (d) {
                if (d.timer >= 0) {
                    vertx.cancelTimer(d.timer);
                    d.timer = -1;
                }
                a = new Answer(c.id(), "closed", 0, null, null, null, (System.nanoTime() - d.sentAt) / 1000);
                d.answers.add(a);
            }
            d.firstAnswer.complete(a);
            if (d.type.equals(StreamFrames.EVENT)) {
                redeliverLater(d);
            } else {
                d.settled.complete(a);
            }
        }
    }

    private void redeliverLater(Delivery d) {
        if (d.deliveries >= config.maxDeliveries()) {
            count("events.abandoned");
            d.settled.completeExceptionally(new IllegalStateException("abandoned after " + d.deliveries + " deliveries"));
            return;
        }
        vertx.setTimer(Math.max(1, config.redeliveryDelay().toMillis()), t -> send(d));
    }

    // ---- views ----

    public Delivery eventById(String eventId) {
        return events.get(eventId);
    }

    private void count(String name) {
        count(name, 1);
    }

    private void count(String name, long n) {
        counters.computeIfAbsent(name, k -> new AtomicLong()).addAndGet(n);
    }

    public Map<String, Long> counters() {
        Map<String, Long> out = new java.util.TreeMap<>();
        counters.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    /** Events not yet settled (in flight or waiting). */
    public long pendingEvents() {
        return events.values().stream().filter(d -> !d.settled.isDone()).count();
    }
}
