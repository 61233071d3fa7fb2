package io.dingrelay.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * How the gateway accepts callbacks: limits, the durability deadline, de-duplication and the Kafka producer's
 * settings. Every default is chosen for DingTalk's 2.5 s acknowledgement deadline; the README explains each.
 */
@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

    /** Request limits. */
    Http http();

    /** When a callback counts as durable, and how long to wait for it. */
    Durability durability();

    /** Answering a repeated eventId / msgId without publishing it again. */
    Dedup dedup();

    /** The {@code ROBOT_SEEN} lifecycle event derived from robot messages. */
    RobotSeen robotSeen();

    /** The Kafka producer. {@code kafka.*} keys (bootstrap servers, security) are passed through as well. */
    Kafka kafka();

    /** Stream mode connections (apps with {@code dingtalk.apps.<name>.stream.enabled=true}). */
    Stream stream();

    interface Stream {

        /** First reconnect delay after a failure; doubled per consecutive failure up to {@link #backoffMax()}. */
        @WithDefault("1s")
        Duration backoffInitial();

        /**
         * Longest reconnect delay, and the delay after DingTalk refused the credentials (a wrong clientSecret is not
         * fixed by retrying sooner). Each delay is drawn between half of it and all of it (jitter), so replicas that
         * lost DingTalk together do not come back together. The Python SDK caps at 60 s as well.
         */
        @WithDefault("60s")
        Duration backoffMax();

        /** Timeout of the open call ({@code /v1.0/gateway/connections/open}) and of the WebSocket handshake. */
        @WithDefault("10s")
        Duration connectTimeout();

        /**
         * A WebSocket ping is sent this often; a socket that answered no pong since the previous ping is closed and
         * replaced. The Java SDK pings after 60 s idle.
         */
        @WithDefault("60s")
        Duration pingInterval();

        /**
         * Largest frame handled, in bytes (the Java SDK's 256 KiB). A larger one is ACKed {@code 400} and counted
         * ({@code type="too_large"}), not processed; frames beyond four times this close the socket (Vert.x's limit).
         */
        @WithDefault("262144")
        int maxFrameBytes();
    }

    interface Http {

        /**
         * Largest callback body accepted, in bytes; larger ones are answered 413 {@code too_large}. DingTalk's event
         * pushes ({"encrypt":"…"}) and robot messages are a few KiB; 64 KiB leaves ample room while bounding what an
         * unauthenticated sender can make us buffer. {@code quarkus.http.limits.max-body-size} stays the hard cap for
         * bodies sent without a Content-Length.
         */
        @WithDefault("65536")
        int maxBodyBytes();
    }

    interface Durability {

        /**
         * How long a callback waits for Kafka to acknowledge its records before it is answered 503
         * {@code not_durable}. DingTalk allows 2.5 s for an event push (1.5 s for URL validation, 1.2 s for
         * SyncHTTP); 1.5 s leaves about a second for the network between DingTalk and us, TLS, a load balancer and
         * a GC pause, so a 503 reaches DingTalk inside its deadline and it redelivers, instead of timing out on a
         * callback that may or may not have been kept.
         */
        @WithDefault("1500ms")
        Duration ackTimeout();
    }

    interface Dedup {

        /**
         * How long an eventId / msgId is remembered after it became durable. A repeat inside the window is answered
         * success without being published again. Per instance and in memory: consumers stay idempotent on the id.
         * Must exceed {@code gateway.kafka.delivery-timeout} so a record still in flight is never forgotten.
         */
        @WithDefault("10m")
        Duration window();

        /** Upper bound of remembered ids (about 200 bytes each); the oldest are forgotten first when it is reached. */
        @WithDefault("200000")
        long maxEntries();
    }

    interface RobotSeen {

        /**
         * A group's {@code ROBOT_SEEN} event is published at most once per window per instance: the registry only
         * needs to learn that a robot is in a group, not every message.
         */
        @WithDefault("1h")
        Duration window();

        /** Upper bound of remembered groups. */
        @WithDefault("500000")
        long maxEntries();
    }

    interface Kafka {

        /**
         * {@code delivery.timeout.ms}: how long the producer keeps retrying a record before giving up. Longer than
         * the ack timeout on purpose: a record still queued when its callback was answered 503 is still written when
         * the broker returns, so a robot message (never redelivered by DingTalk) survives a short outage and an event
         * push becomes a harmless duplicate of DingTalk's redelivery.
         */
        @WithDefault("120s")
        Duration deliveryTimeout();

        /**
         * {@code request.timeout.ms}: how long the producer waits for one produce response before retrying on a new
         * connection. 10 s notices a silently dead broker connection within a few ack timeouts, while staying well
         * above a healthy {@code acks=all} round trip; retries are safe because the producer is idempotent.
         */
        @WithDefault("10s")
        Duration requestTimeout();

        /**
         * {@code linger.ms}: how long the producer waits to fill a batch (Kafka 4's default). Measured against 1 ms under
         * robot load: the producer's I/O thread spends about 40 % less CPU per callback (fewer, fuller batches, fewer
         * compression streams) for a few milliseconds more on the answer, far inside DingTalk's deadline.
         */
        @WithDefault("5ms")
        Duration linger();

        /** {@code batch.size} in bytes. */
        @WithDefault("65536")
        int batchSize();

        /**
         * {@code buffer.memory} in bytes: records waiting for the broker. At ~2 KiB a record, 64 MiB holds ~3 s of an
         * outage at 10,000/s (all of it at lower rates); once full, callbacks are answered 503 at once (max.block.ms=0).
         */
        @WithDefault("67108864")
        long bufferMemory();

        /** {@code compression.type}: none, gzip, snappy, lz4 or zstd. */
        @WithDefault("lz4")
        String compression();

        /**
         * How long start-up waits for the metadata of the gateway's topics before serving anyway (not ready). Sends
         * never wait for metadata (they run on the event loop with {@code max.block.ms=0}), so the first callbacks
         * need it cached.
         */
        @WithDefault("10s")
        Duration startupMetadataWait();

        /** How long the readiness check waits for the broker to describe the cluster. */
        @WithDefault("2s")
        Duration healthTimeout();
    }
}
