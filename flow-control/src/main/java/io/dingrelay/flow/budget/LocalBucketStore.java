package io.dingrelay.flow.budget;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TimeMeter;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Buckets in this JVM's memory, with the same semantics as {@link PostgresBucketStore}: for one replica, and for tests
 * that cross a ban with their own clock. Non-blocking.
 */
public final class LocalBucketStore extends Bucket4jBucketStore {

    private record Entry(Bucket bucket, long version) {
    }

    private final ConcurrentHashMap<String, Entry> buckets = new ConcurrentHashMap<>();
    private final TimeMeter time;

    public LocalBucketStore() {
        this(TimeMeter.SYSTEM_NANOTIME);
    }

    public LocalBucketStore(TimeMeter time) {
        this.time = time;
    }

    @Override
    Bucket bucket(String key, BucketConfiguration config, long version) {
        Entry e = buckets.compute(key, (k, old) -> {
            if (old == null) {
                return new Entry(Bucket.builder().withCustomTimePrecision(time).addLimit(config.getBandwidths()[0]).build(), version);
            }
            if (old.version() < version) {
                // as Bucket4j's implicit replacement in the PostgreSQL store: only a later configuration replaces
                old.bucket().replaceConfiguration(config, Buckets.inheritance(config));
                return new Entry(old.bucket(), version);
            }
            return old;
        });
        return e.bucket();
    }

    @Override
    public boolean blocking() {
        return false;
    }
}
