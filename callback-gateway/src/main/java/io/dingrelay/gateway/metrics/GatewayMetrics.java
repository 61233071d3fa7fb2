package io.dingrelay.gateway.metrics;

import io.dingrelay.gateway.config.AppRegistry;
import io.dingrelay.gateway.service.Endpoint;
import io.dingrelay.gateway.service.RejectReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's meters, tagged by app and endpoint. The {@code app} tag is the configured name, or {@code unknown}
 * for any other path segment: a caller choosing arbitrary app names must not be able to create meters.
 *
 * <ul>
 *   <li>{@code dingrelay.gateway.callbacks.accepted} (app, endpoint, kind): answered success after Kafka acknowledged,
 *       or a URL check answered at once (kind {@code url_check});</li>
 *   <li>{@code dingrelay.gateway.callbacks.duplicate} (app, endpoint): a repeated id answered without publishing;</li>
 *   <li>{@code dingrelay.gateway.callbacks.rejected} (app, endpoint, reason, status): every refusal by reason;</li>
 *   <li>{@code dingrelay.gateway.kafka.publish} (app, endpoint, outcome): time from send to Kafka's acknowledgement
 *       (or failure), whether or not the caller still waited.</li>
 * </ul>
 *
 * <p>One {@link Meter.MeterProvider} per meter: Micrometer keeps the meters by name and tags, so each call is one
 * lookup, and a meter is registered the first time it is used ({@code /q/metrics} lists only what happened).
 */
@ApplicationScoped
public class GatewayMetrics {

    static final String UNKNOWN_APP = "unknown";

    private final AppRegistry apps;
    private final Meter.MeterProvider<Counter> accepted;
    private final Meter.MeterProvider<Counter> duplicates;
    private final Meter.MeterProvider<Counter> rejected;
    private final Meter.MeterProvider<Timer> published;

    GatewayMetrics(MeterRegistry registry, AppRegistry apps) {
        this.apps = apps;
        this.accepted = Counter.builder("dingrelay.gateway.callbacks.accepted")
                .description("Callbacks answered success")
                .withRegistry(registry);
        this.duplicates = Counter.builder("dingrelay.gateway.callbacks.duplicate")
                .description("Repeated callbacks answered without publishing")
                .withRegistry(registry);
        this.rejected = Counter.builder("dingrelay.gateway.callbacks.rejected")
                .description("Callbacks refused, by reason")
                .withRegistry(registry);
        this.published = Timer.builder("dingrelay.gateway.kafka.publish")
                .description("Time from send to Kafka's acknowledgement (acks=all)")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .withRegistry(registry);
    }

    public void accepted(String app, Endpoint endpoint, String kind) {
        accepted.withTags("app", tagApp(app), "endpoint", endpoint.tag(), "kind", kind).increment();
    }

    public void duplicate(String app, Endpoint endpoint) {
        duplicates.withTags("app", tagApp(app), "endpoint", endpoint.tag()).increment();
    }

    public void rejected(String app, Endpoint endpoint, RejectReason reason) {
        rejected.withTags("app", tagApp(app), "endpoint", endpoint.tag(), "reason", reason.code(),
                "status", reason.statusTag()).increment();
    }

    public void published(String app, Endpoint endpoint, long nanos, boolean success) {
        published.withTags("app", tagApp(app), "endpoint", endpoint.tag(), "outcome", success ? "acknowledged" : "failed")
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    private String tagApp(String app) {
        return apps.isConfigured(app) ? app : UNKNOWN_APP;
    }
}
