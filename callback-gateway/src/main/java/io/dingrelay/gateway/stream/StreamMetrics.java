package io.dingrelay.gateway.stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Stream mode's meters, tagged by the configured app name (never a value from the wire):
 * <ul>
 *   <li>{@code dingrelay.gateway.stream.frames} (app, type: {@code event}, {@code callback}, {@code system},
 *       {@code malformed}, {@code too_large}, {@code unknown});</li>
 *   <li>{@code dingrelay.gateway.stream.acks} (app, type, status: {@code success}, {@code later}, {@code ok},
 *       {@code bad_request}, {@code not_found}, {@code error});</li>
 *   <li>{@code dingrelay.gateway.stream.ack.failures} (app): an ACK that could not be written (DingTalk redelivers
 *       the event; the repeat is answered from the de-duplication memory);</li>
 *   <li>{@code dingrelay.gateway.stream.reconnects} (app, reason: {@code closed}, {@code failed}, {@code refused},
 *       {@code disconnect}, {@code no_pong});</li>
 *   <li>{@code dingrelay.gateway.stream.connected} (app): a long task timer, one task per open socket: how many are
 *       connected and for how long.</li>
 * </ul>
 * The HTTP path's counters ({@code dingrelay.gateway.callbacks.*}, endpoint {@code events}/{@code robot}) count what
 * is published either way.
 */
@ApplicationScoped
public class StreamMetrics {

    private final Meter.MeterProvider<Counter> frames;
    private final Meter.MeterProvider<Counter> acks;
    private final Meter.MeterProvider<Counter> ackFailures;
    private final Meter.MeterProvider<Counter> reconnects;
    private final MeterRegistry registry;

    StreamMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.frames = Counter.builder("dingrelay.gateway.stream.frames").description("Stream frames received, by type")
                .withRegistry(registry);
        this.acks = Counter.builder("dingrelay.gateway.stream.acks").description("Stream ACKs sent, by status")
                .withRegistry(registry);
        this.ackFailures = Counter.builder("dingrelay.gateway.stream.ack.failures")
                .description("Stream ACKs that could not be written").withRegistry(registry);
        this.reconnects = Counter.builder("dingrelay.gateway.stream.reconnects")
                .description("Stream connections replaced, by reason").withRegistry(registry);
    }

    void frame(String app, String type) {
        frames.withTags("app", app, "type", type).increment();
    }

    void ack(String app, String type, String status) {
        acks.withTags("app", app, "type", type, "status", status).increment();
    }

    void ackFailed(String app) {
        ackFailures.withTags("app", app).increment();
    }

    void reconnect(String app, String reason) {
        reconnects.withTags("app", app, "reason", reason).increment();
    }

    /** Starts timing an open socket; stop the sample when it closes. */
    LongTaskTimer.Sample connected(String app) {
        return LongTaskTimer.builder("dingrelay.gateway.stream.connected")
                .description("Open Stream sockets and how long they have been connected")
                .tags("app", app).register(registry).start();
    }
}
