package io.dingrelay.dispatcher.sending;

import io.dingrelay.dispatcher.config.PushConfig;
import io.dingrelay.flow.FlowControl;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Quota accounting per organisation: every granted send that counts against an organisation's monthly quota
 * increments {@code dingrelay.push.quota.used{corp}} (this replica's sends; Prometheus sums the replicas, the shared
 * Bucket4j bucket is the exact figure). When {@code dingrelay.push.limits.org-monthly-quota} is set, every 10 s the
 * shared bucket's remainder of each organisation this replica sent for is read ({@link FlowControl#quotaLeft}, one
 * JDBC query each, on a worker thread) into {@code dingrelay.push.quota.left{corp}}; crossing
 * {@code quota-warning} (80 %) of the quota logs a warning once per organisation and month and counts
 * {@code dingrelay.push.quota.warnings{corp}}. The hard stop is flow-control's: a send past the quota is REFUSED and
 * its run paused (DeliverySender).
 */
@ApplicationScoped
public class QuotaMeter {

    private static final Logger LOG = Logger.getLogger(QuotaMeter.class);

    private final FlowControl flow;
    private final MeterRegistry meters;
    private final double warning;
    private final Map<String, Counter> used = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> left = new ConcurrentHashMap<>();
    /** corp:month pairs already warned about. */
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    public QuotaMeter(FlowControl flow, MeterRegistry meters, PushConfig config) {
        this.flow = flow;
        this.meters = meters;
        this.warning = config.limits().quotaWarning();
    }

    /** One send counted against {@code corp}'s month. */
    void used(String corp) {
        used.computeIfAbsent(corp, c -> Counter.builder("dingrelay.push.quota.used").tag("corp", c)
                .description("Sends counted against the organisation's monthly DingTalk quota, by this replica").register(meters))
                .increment();
    }

    /** Reads what is left of each organisation's quota and warns past the threshold (blocking: a worker thread). */
    @Scheduled(every = "10s", delayed = "10s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void check() {
        OptionalLong quota = flow.limits().orgMonthlyQuota();
        if (quota.isEmpty()) {
            return;
        }
        for (String corp : used.keySet()) {
            try {
                check(corp, quota.getAsLong(), flow.quotaLeft(corp).orElse(quota.getAsLong()));
            } catch (RuntimeException e) {
                LOG.debugf("Quota of %s not readable now: %s", corp, e.getMessage());
            }
        }
    }

    /** The figures of one organisation: the gauge, and the warning once per month. */
    void check(String corp, long quota, long remaining) {
        left.computeIfAbsent(corp, c -> {
            AtomicLong v = new AtomicLong(remaining);
            Gauge.builder("dingrelay.push.quota.left", v, AtomicLong::get).tag("corp", c)
                    .description("Sends left this month in the organisation's shared quota (replicas' unused leases not included)")
                    .register(meters);
            return v;
        }).set(remaining);
        long usedSoFar = quota - remaining;
        String month = corp + ":" + YearMonth.now(ZoneOffset.UTC);
        if (usedSoFar >= Math.ceil(quota * warning) && warned.add(month)) {
            meters.counter("dingrelay.push.quota.warnings", "corp", corp).increment();
            LOG.warnf("Organisation %s has used %d of its %d monthly sends (%.0f %%, warning at %.0f %%); at %d the runs sending to it pause",
                    corp, usedSoFar, quota, 100.0 * usedSoFar / quota, 100 * warning, quota);
        }
    }
}
