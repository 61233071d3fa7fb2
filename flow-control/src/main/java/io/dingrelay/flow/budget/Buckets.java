package io.dingrelay.flow.budget;

import io.dingrelay.flow.config.WindowBudget;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import java.time.Duration;

/** The Bucket4j configurations of our budgets, in one place. */
public final class Buckets {

    /** A monthly quota bucket is keyed by month; it must never refill within one, so its refill period is far away. */
    private static final Duration NEVER = Duration.ofDays(3650);

    private Buckets() {
    }

    /** Capacity {@code burst}, greedy refill of {@code limit − burst} per {@code window + lease} (see {@link WindowBudget}). */
    public static BucketConfiguration window(WindowBudget b) {
        return BucketConfiguration.builder()
                .addLimit(Bandwidth.builder().capacity(b.burst()).refillGreedy(b.refillTokens(), b.refillPeriod())
                        .initialTokens(b.burst()).build())
                .build();
    }

    /** {@code quota} tokens, no refill: the key names the month, next month is another bucket. */
    public static BucketConfiguration quota(long quota) {
        return BucketConfiguration.builder()
                .addLimit(Bandwidth.builder().capacity(quota).refillIntervally(quota, NEVER).initialTokens(quota).build())
                .build();
    }

    public static long quotaVersion(long quota) {
        return quota;
    }
}
