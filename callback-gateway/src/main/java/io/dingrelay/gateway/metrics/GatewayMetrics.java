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
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    GatewayMetrics(MeterRegistry registry, AppRegistry apps) {
        this.registry = registry;
        this.apps = apps;
    }

    public void accepted(String app, Endpoint endpoint, String kind) {
        counter("dingrelay.gateway.callbacks.accepted", "Callbacks answered success", app, endpoint, "kind", kind)
                .increment();
    }

    public void duplicate(String app, Endpoint endpoint) {
        counter("dingrelay.gateway.callbacks.duplicate", "Repeated callbacks answered without publishing", app,
                endpoint, null, null).increment();
    }

    public void rejected(String app, Endpoint endpoint, RejectReason reason) {
        String key = "rejected|" + tagApp(app) + "|" + endpoint.tag() + "|" + reason.code();
        counters.computeIfAbsent(key, k -> Counter.builder("dingrelay.gateway.callbacks.rejected")
                .description("Callbacks refused, by reason")
                .tag("app", tagApp(app))
                .tag("endpoint", endpoint.tag())
                .tag("reason", reason.code())
                .tag("status", Integer.toString(reason.status()))
                .register(registry)).increment();
    }

    public void published(String app, Endpoint endpoint, long nanos, boolean success) {
        String outcome = success ? "acknowledged" : "failed";
        String key = "publish|" + tagApp(app) + "|" + endpoint.tag() + "|" + outcome;
        timers.computeIfAbsent(key, k -> Timer.builder("dingrelay.gateway.kafka.publish")
                .description("Time from send to Kafka's acknowledgement (acks=all)")
                .tag("app", tagApp(app))
                .tag("endpoint", endpoint.tag())
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry)).record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    private Counter counter(String name, String description, String app, Endpoint endpoint, String extraTag,
            String extraValue) {
        String key = name + "|" + tagApp(app) + "|" + endpoint.tag() + "|" + extraValue;
        return counters.computeIfAbsent(key, k -> {
            Counter.Builder b = Counter.builder(name).description(description)
                    .tag("app", tagApp(app))
                    .tag("endpoint", endpoint.tag());
            if (extraTag != null) {
                b.tag(extraTag, extraValue);
            }
            return b.register(registry);
        });
    }

    private String tagApp(String app) {
        return apps.isConfigured(app) ? app : UNKNOWN_APP;
    }
}
