package io.dingrelay.flow.budget;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;

/**
 * The store operations on a Bucket4j {@link Bucket}, the same whether it lives in this JVM or is a proxy of a row in
 * PostgreSQL: subclasses say only where the bucket of a key comes from.
 */
abstract class Bucket4jBucketStore implements BucketStore {

    /** The bucket {@code key}, created with {@code config} if missing, reconfigured when {@code version} changed. */
    abstract Bucket bucket(String key, BucketConfiguration config, long version);

    @Override
    public final Taken take(String key, BucketConfiguration config, long version, long max) {
        Bucket b = bucket(key, config, version);
        long got = b.tryConsumeAsMuchAsPossible(max);
        if (got > 0) {
            return new Taken(got, 0);
        }
        return new Taken(0, b.estimateAbilityToConsume(1).getNanosToWaitForRefill());
    }

    @Override
    public final Taken takeExactly(String key, BucketConfiguration config, long version, long n) {
        ConsumptionProbe probe = bucket(key, config, version).tryConsumeAndReturnRemaining(n);
        return probe.isConsumed() ? new Taken(n, 0) : new Taken(0, probe.getNanosToWaitForRefill());
    }

    @Override
    public final void giveBack(String key, BucketConfiguration config, long version, long tokens) {
        if (tokens > 0) {
            bucket(key, config, version).addTokens(tokens);
        }
    }

    @Override
    public final long available(String key, BucketConfiguration config, long version) {
        return bucket(key, config, version).getAvailableTokens();
    }
}
