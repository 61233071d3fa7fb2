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

    /** Whether {@code config} is a monthly quota's ({@link #quota}): it is reconfigured keeping what was used. */
    public static boolean isQuota(BucketConfiguration config) {
        return config.getBandwidths()[0].getRefillPeriodNanos() == NEVER.toNanos();
    }

    /**
     * How a bucket's tokens carry over to a new configuration: a window keeps its tokens as they are (capped by the
     * new capacity); a raised quota adds the difference (ADDITIVE: raised from 3,000 to 5,000 with 100 left, 2,100 are
     * left), so a bought pack counts at once. A lowered one is capped at the new figure (Bucket4j cannot subtract what
     * was used this month; README "A changed limit").
     */
    public static io.github.bucket4j.TokensInheritanceStrategy inheritance(BucketConfiguration config) {
        return isQuota(config) ? io.github.bucket4j.TokensInheritanceStrategy.ADDITIVE : io.github.bucket4j.TokensInheritanceStrategy.AS_IS;
    }
}
