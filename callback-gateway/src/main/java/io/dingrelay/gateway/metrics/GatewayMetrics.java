package io.dingrelay.gateway.metrics;

import io.dingrelay.gateway.config.AppRegistry;
import io.dingrelay.gateway.service.RejectReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

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
     * The meters of each app tag and endpoint, found with two lookups per call and kept: a meter is registered the
     * first time it is used (so {@code /q/metrics} lists only what happened) and never looked up by its tags again.
     * Within an endpoint a meter is keyed by what tells it apart: the kind, the {@link RejectReason}, the outcome, or
     * {@link #DUPLICATE}; the key types differ, so they cannot collide.
     */
    private final Map<String, Map<Endpoint, Map<Object, Meter>>> byApp = new ConcurrentHashMap<>();
    private static final Object DUPLICATE = new Object();

    GatewayMetrics(MeterRegistry registry, AppRegistry apps) {
        this.registry = registry;
        this.apps = apps;
    }

    public void accepted(String app, Endpoint endpoint, String kind) {
        this.<Counter>meter(app, endpoint, kind, tag -> Counter.builder("dingrelay.gateway.callbacks.accepted")
                .description("Callbacks answered success")
                .tag("app", tag)
                .tag("endpoint", endpoint.tag())
                .tag("kind", kind)
                .register(registry)).increment();
    }

    public void duplicate(String app, Endpoint endpoint) {
        this.<Counter>meter(app, endpoint, DUPLICATE, tag -> Counter.builder("dingrelay.gateway.callbacks.duplicate")
                .description("Repeated callbacks answered without publishing")
                .tag("app", tag)
                .tag("endpoint", endpoint.tag())
                .register(registry)).increment();
    }

    public void rejected(String app, Endpoint endpoint, RejectReason reason) {
        this.<Counter>meter(app, endpoint, reason, tag -> Counter.builder("dingrelay.gateway.callbacks.rejected")
                .description("Callbacks refused, by reason")
                .tag("app", tag)
                .tag("endpoint", endpoint.tag())
                .tag("reason", reason.code())
                .tag("status", Integer.toString(reason.status()))
                .register(registry)).increment();
    }

    public void published(String app, Endpoint endpoint, long nanos, boolean success) {
        this.<Timer>meter(app, endpoint, success, tag -> Timer.builder("dingrelay.gateway.kafka.publish")
                .description("Time from send to Kafka's acknowledgement (acks=all)")
                .tag("app", tag)
                .tag("endpoint", endpoint.tag())
                .tag("outcome", success ? "acknowledged" : "failed")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** The meter of {@code key} for this app tag and endpoint, registered by {@code register(appTag)} on first use. */
    @SuppressWarnings("unchecked")
    private <M extends Meter> M meter(String app, Endpoint endpoint, Object key, Function<String, M> register) {
        Map<Object, Meter> meters = endpointMeters(app).get(endpoint);
        Meter m = meters.get(key);
        return (M) (m != null ? m : meters.computeIfAbsent(key, k -> register.apply(tagApp(app))));
    }

    private Map<Endpoint, Map<Object, Meter>> endpointMeters(String app) {
        Map<Endpoint, Map<Object, Meter>> m = app == null ? null : byApp.get(app);
        return m != null ? m : byApp.computeIfAbsent(tagApp(app), k -> {
            Map<Endpoint, Map<Object, Meter>> perEndpoint = new EnumMap<>(Endpoint.class);
            for (Endpoint e : Endpoint.values()) {
                perEndpoint.put(e, new ConcurrentHashMap<>());
            }
            return perEndpoint;
        });
    }

    private String tagApp(String app) {
        return apps.isConfigured(app) ? app : UNKNOWN_APP;
    }
}
