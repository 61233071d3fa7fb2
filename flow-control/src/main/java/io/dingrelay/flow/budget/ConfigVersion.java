package io.dingrelay.flow.budget;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The configuration version a {@link io.dingrelay.flow.FlowControl} stamps on the shared buckets it uses, so that a
 * changed {@code dingrelay.push.limits.*} reaches a bucket created with the old figures.
 *
 * <p>Bucket4j's implicit configuration replacement ({@code withImplicitConfigurationReplacement(version, …)}) replaces
 * the stored configuration only when the stored version is <b>lower</b> than the desired one
 * ({@code CheckConfigurationVersionAndExecuteCommand}: {@code stored < desired}). A hash of the limits, which this
 * library used before, is not ordered: a change to a configuration whose hash happened to be lower was ignored, and
 * the bucket kept its creation configuration for good (PlanAndQuotaTest saw an earlier test's raised budgets). So
 * the version is the instant the configuration was taken into use — the start of a replica, in wall-clock
 * milliseconds, strictly increasing within a JVM: the configuration started last is the one the shared buckets
 * have. In a rolling deployment that is the new one; a replica still running the old figures then takes tokens
 * under the new bucket configuration (its own lease and chunk sizes stay its own). Replicas' clocks are
 * NTP-synchronised anyway (PostgresBucketStore's refill relies on it).
 */
public final class ConfigVersion {

    private static final AtomicLong LAST = new AtomicLong();

    private ConfigVersion() {
    }

    /** A version higher than every earlier one of this JVM and than any taken on a clock behind this one. */
    public static long next() {
        long now = System.currentTimeMillis();
        return LAST.updateAndGet(last -> Math.max(now, last + 1));
    }
}
