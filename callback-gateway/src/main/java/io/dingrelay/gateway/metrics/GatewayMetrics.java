package io.dingrelay.gateway.metrics;

import io.dingrelay.gateway.config.AppRegistry;
import io.dingrelay.gateway.service.RejectReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

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
 */
@ApplicationScoped
public class GatewayMetrics {

    static final String UNKNOWN_APP = "unknown";

    private final MeterRegistry registry;
    private final AppRegistry apps;
    /**
     * The meters of each app tag, found with one lookup per call and kept: a meter is registered the first time it
     * is used (so {@code /q/metrics} lists only what happened) and never looked up by its tags again.
     */
    private final Map<String, AppMeters> byApp = new ConcurrentHashMap<>();

    GatewayMetrics(MeterRegistry registry, AppRegistry apps) {
        this.registry = registry;
        this.apps = apps;
    }

    public void accepted(String app, Endpoint endpoint, String kind) {
        meters(app).of(endpoint).accepted.computeIfAbsent(kind, k -> Counter.builder("dingrelay.gateway.callbacks.accepted")
                .description("Callbacks answered success")
                .tag("app", tagApp(app))
                .tag("endpoint", endpoint.tag())
                .tag("kind", k)
                .register(registry)).increment();
    }

    public void duplicate(String app, Endpoint endpoint) {
        EndpointMeters m = meters(app).of(endpoint);
        Counter c = m.duplicate;
        if (c == null) {
            // Registering twice returns the same meter: a race here only repeats the lookup.
            c = m.duplicate = Counter.builder("dingrelay.gateway.callbacks.duplicate")
                    .description("Repeated callbacks answered without publishing")
                    .tag("app", tagApp(app))
                    .tag("endpoint", endpoint.tag())
                    .register(registry);
        }
        c.increment();
    }

    public void rejected(String app, Endpoint endpoint, RejectReason reason) {
        AtomicReferenceArray<Counter> rejected = meters(app).of(endpoint).rejected;
        Counter c = rejected.get(reason.ordinal());
        if (c == null) {
            c = Counter.builder("dingrelay.gateway.callbacks.rejected")
                    .description("Callbacks refused, by reason")
                    .tag("app", tagApp(app))
                    .tag("endpoint", endpoint.tag())
                    .tag("reason", reason.code())
                    .tag("status", Integer.toString(reason.status()))
                    .register(registry);
            rejected.set(reason.ordinal(), c);
        }
        c.increment();
    }

    public void published(String app, Endpoint endpoint, long nanos, boolean success) {
        AtomicReferenceArray<Timer> publish = meters(app).of(endpoint).publish;
        int i = success ? 0 : 1;
        Timer t = publish.get(i);
        if (t == null) {
            t = Timer.builder("dingrelay.gateway.kafka.publish")
                    .description("Time from send to Kafka's acknowledgement (acks=all)")
                    .tag("app", tagApp(app))
                    .tag("endpoint", endpoint.tag())
                    .tag("outcome", success ? "acknowledged" : "failed")
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1))
                    .maximumExpectedValue(Duration.ofSeconds(10))
                    .register(registry);
            publish.set(i, t);
        }
        t.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    private AppMeters meters(String app) {
        AppMeters m = app == null ? null : byApp.get(app);
        return m != null ? m : byApp.computeIfAbsent(tagApp(app), k -> new AppMeters());
    }

    private String tagApp(String app) {
        return apps.isConfigured(app) ? app : UNKNOWN_APP;
    }

    /** The meters of one app tag, per endpoint. */
    private static final class AppMeters {
        private final EndpointMeters[] endpoints = new EndpointMeters[Endpoint.values().length];

        AppMeters() {
            for (int i = 0; i < endpoints.length; i++) {
                endpoints[i] = new EndpointMeters();
            }
        }

        EndpointMeters of(Endpoint endpoint) {
            return endpoints[endpoint.ordinal()];
        }
    }

    private static final class EndpointMeters {
        final Map<String, Counter> accepted = new ConcurrentHashMap<>();
        volatile Counter duplicate;
        final AtomicReferenceArray<Counter> rejected = new AtomicReferenceArray<>(RejectReason.values().length);
        /** [0] acknowledged, [1] failed. */
        final AtomicReferenceArray<Timer> publish = new AtomicReferenceArray<>(2);
    }
}
