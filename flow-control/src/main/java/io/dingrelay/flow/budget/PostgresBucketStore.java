package io.dingrelay.flow.budget;

import io.dingrelay.flow.schema.FlowControlSchema;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * Buckets every replica shares, in one PostgreSQL table ({@link FlowControlSchema#TABLE}), through Bucket4j's
 * {@code SELECT … FOR UPDATE} proxy manager: each call is one short transaction that reads the bucket's state, applies
 * the refill for the time passed and the consumption, and writes it back, so concurrent replicas are serialised by
 * the row lock and a token is never handed out twice.
 *
 * <p><b>Blocking</b> (JDBC): {@link LeasedBudget} runs every call on the executor it was given (a worker pool), never
 * on an event loop; the send path only reaches this store when its local lease is used up.
 *
 * <p>Time is the replicas' wall clock (microseconds): a bucket's refill is computed from the timestamp the last writer
 * stored, so replicas must be NTP-synchronised; a clock δ ahead of the others refills at most {@code rate × δ} tokens
 * early, once.
 */
public final class PostgresBucketStore extends Bucket4jBucketStore {

    /** Wall clock with microsecond resolution: millisecond truncation would let a window see up to {@code rate × 1 ms} more. */
    static final TimeMeter WALL_CLOCK = new TimeMeter() {
        @Override
        public long currentTimeNanos() {
            Instant now = Instant.now();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        }

        @Override
        public boolean isWallClockBased() {
            return true;
        }
    };

    private record ProxyKey(String key, long version) {
    }

    private final ProxyManager<String> proxies;
    private final ConcurrentHashMap<ProxyKey, BucketProxy> cache = new ConcurrentHashMap<>();

    /** On {@code dataSource} (a pooled one in a service: every refill borrows a connection for one transaction). */
    public PostgresBucketStore(DataSource dataSource) {
        this.proxies = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table(FlowControlSchema.TABLE)
                .clientClock(WALL_CLOCK)
                .build();
    }

    @Override
    BucketProxy bucket(String key, BucketConfiguration config, long version) {
        return cache.computeIfAbsent(new ProxyKey(key, version), k -> proxies.builder()
                // a higher version (a replica started later: ConfigVersion) replaces the stored configuration
                .withImplicitConfigurationReplacement(version, Buckets.inheritance(config))
                .build(key, () -> config));
    }

    @Override
    public boolean blocking() {
        return true;
    }
}
