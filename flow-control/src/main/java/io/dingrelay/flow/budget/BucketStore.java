package io.dingrelay.flow.budget;

import io.github.bucket4j.BucketConfiguration;

/**
 * Where the buckets that span replicas live: {@link PostgresBucketStore} (Bucket4j's PostgreSQL proxy manager; every
 * replica sees one bucket per key) or {@link LocalBucketStore} (one JVM: tests, a single replica). Implementations
 * may block ({@link #blocking()}): {@link LeasedBudget} then calls them on the executor it was given, never on an event
 * loop.
 */
public interface BucketStore {

    /**
     * Consumes as many tokens as are there, up to {@code max}, from the bucket {@code key} (created with
     * {@code config} if missing; replaced by it when the stored one has a lower {@code version}: {@link ConfigVersion}).
     */
    Taken take(String key, BucketConfiguration config, long version, long max);

    /**
     * Consumes exactly {@code n} tokens if the bucket has them, else none and says how long until it has {@code n}: one
     * round trip either way. Window budgets take their chunks so, because near the limit "as many as are there" is one
     * token per round trip.
     */
    Taken takeExactly(String key, BucketConfiguration config, long version, long n);

    /** Adds unused tokens back (never above the capacity): a monthly-quota lease returned at shut-down. */
    void giveBack(String key, BucketConfiguration config, long version, long tokens);

    /** Tokens in the bucket now (a monthly quota: what is left this month, less what replicas hold). */
    long available(String key, BucketConfiguration config, long version);

    /** True when calls do I/O and must run off the event loop. */
    boolean blocking();
}
