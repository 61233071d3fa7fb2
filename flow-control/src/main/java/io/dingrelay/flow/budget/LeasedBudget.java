package io.dingrelay.flow.budget;

import io.dingrelay.flow.Ticker;
import io.github.bucket4j.BucketConfiguration;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One replica's share of one shared bucket (an egress IP, an app and API, an organisation's month): tokens are taken
 * from the {@link BucketStore} in chunks, one round trip for {@code chunk} sends, and handed out locally. A window
 * budget asks for exactly a chunk and, when the bucket does not have it, learns in the same round trip when it will
 * (near the limit, "as many as are there" would be one token per round trip); a quota takes what is left.
 *
 * <h2>Why the shared limit stays exact</h2>
 * Every send uses a token that was consumed from the shared bucket first, so the sends of all replicas together never
 * outnumber the bucket's consumptions; a replica may hold tokens it never uses (they are lost, never re-counted). For a
 * window limit a token is also only valid for {@code lease} after the round trip that took it <em>started</em> (the
 * consumption happened inside it), so the sends of any window W come from consumptions of an interval W + lease — which
 * the bucket's shape bounds by the limit ({@link io.dingrelay.flow.config.WindowBudget}). A monthly quota has no window:
 * its tokens never expire, and what is left at {@link #close()} is given back.
 *
 * <p>Only one round trip per budget is in flight at a time; callers that find the lease empty share it. After an empty
 * answer the budget remembers when the next token is due and answers WAIT without asking again. A failing store (the
 * database down) answers WAIT for {@link #ERROR_BACKOFF}: without a budget nothing is sent.
 */
public final class LeasedBudget implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(LeasedBudget.class.getName());

    /** A store that failed is asked again after this. */
    public static final Duration ERROR_BACKOFF = Duration.ofSeconds(1);
    /** An exhausted quota is looked at again after this (an operator may have raised it). */
    public static final Duration QUOTA_RECHECK = Duration.ofSeconds(10);

    private final String key;
    private final BucketStore store;
    private final BucketConfiguration config;
    private final long version;
    private final long chunk;
    private final long leaseNanos;
    private final boolean quota;
    private final Executor executor;
    private final Ticker ticker;

    private long tokens;
    private long validUntil;
    private long retryAt;
    private boolean exhausted;
    private CompletableFuture<Void> refill;

    private final AtomicLong roundTrips = new AtomicLong();
    private final AtomicLong expired = new AtomicLong();

    private LeasedBudget(String key, BucketStore store, BucketConfiguration config, long version, long chunk, Duration lease,
                         boolean quota, Executor executor, Ticker ticker) {
        this.key = key;
        this.store = store;
        this.config = config;
        this.version = version;
        this.chunk = chunk;
        this.leaseNanos = lease == null ? Long.MAX_VALUE : lease.toNanos();
        this.quota = quota;
        this.executor = executor;
        this.ticker = ticker;
    }

    /**
     * A window budget: tokens valid for {@code lease} from the start of the round trip that took them.
     *
     * @param version the configuration version ({@link ConfigVersion}): a stored bucket of a lower one is reconfigured
     */
    public static LeasedBudget window(String key, BucketStore store, io.dingrelay.flow.config.WindowBudget shape, long version,
                                      Executor executor, Ticker ticker) {
        return new LeasedBudget(key, store, Buckets.window(shape), version, shape.chunk(), shape.lease(), false, executor, ticker);
    }

    /** A monthly quota: tokens never expire; an empty bucket is EXHAUSTED, not WAIT. */
    public static LeasedBudget quota(String key, BucketStore store, long quota, int chunk, long version, Executor executor, Ticker ticker) {
        return new LeasedBudget(key, store, Buckets.quota(quota), version, chunk, null, true, executor, ticker);
    }

    /** One token: at once from the lease, else after one round trip to the store (on the executor). Never fails. */
    public Uni<Take> take() {
        return Uni.createFrom().deferred(() -> {
            CompletableFuture<Void> pending;
            boolean start = false;
            synchronized (this) {
                Take local = takeLocally(ticker.nanos());
                if (local != null) {
                    return Uni.createFrom().item(local);
                }
                pending = refill;
                if (pending == null) {
                    pending = new CompletableFuture<>();
                    refill = pending;
                    start = true;
                }
            }
            if (start) {
                startRefill(pending);
            }
            return Uni.createFrom().completionStage(pending).map(ignored -> afterRefill());
        });
    }

    /** A token of a send that did not happen: back into the lease while the lease is valid. */
    public synchronized void giveBack() {
        if (ticker.nanos() <= validUntil) {
            tokens++;
        }
    }

    /** Drops what this replica holds (its IP was banned: holding tokens for it is pointless). */
    public synchronized void drop() {
        tokens = 0;
    }

    /** Tokens left in the shared bucket (blocking for a PostgreSQL store). */
    public long availableInStore() {
        return store.available(key, config, version);
    }

    /** Tokens this replica holds now. */
    public synchronized long held() {
        return ticker.nanos() <= validUntil ? tokens : 0;
    }

    /** Round trips to the store so far. */
    public long roundTrips() {
        return roundTrips.get();
    }

    /** Tokens that expired unused (taken from the shared bucket, never sent). */
    public long expiredTokens() {
        return expired.get();
    }

    public String key() {
        return key;
    }

    /** A quota's unused tokens go back to the shared bucket (blocking); a window budget's are dropped. */
    @Override
    public void close() {
        long left;
        synchronized (this) {
            left = tokens;
            tokens = 0;
        }
        if (quota && left > 0) {
            try {
                store.giveBack(key, config, version, left);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "Could not give back {0} quota tokens of {1}: {2}", left, key, e.getMessage());
            }
        }
    }

    private Take takeLocally(long now) {
        if (tokens > 0) {
            if (now <= validUntil) {
                tokens--;
                return Take.got(validUntil);
            }
            expired.addAndGet(tokens);
            tokens = 0;
        }
        if (now < retryAt) {
            return exhausted ? Take.EXHAUSTED : Take.waitFor(retryAt - now);
        }
        return null;
    }

    private synchronized Take afterRefill() {
        long now = ticker.nanos();
        Take local = takeLocally(now);
        // Nothing usable even right after a round trip (another caller took the chunk, or the lease ran out on the way):
        // wait a little rather than loop on the store.
        return local != null ? local : Take.waitFor(1_000_000L);
    }

    private void startRefill(CompletableFuture<Void> done) {
        Runnable refillNow = () -> {
            long started = ticker.nanos();
            Taken taken = null;
            RuntimeException failure = null;
            try {
                roundTrips.incrementAndGet();
                taken = quota ? store.take(key, config, version, chunk) : store.takeExactly(key, config, version, chunk);
            } catch (RuntimeException e) {
                failure = e;
            }
            synchronized (this) {
                long now = ticker.nanos();
                if (taken != null && taken.tokens() > 0) {
                    if (quota) {
                        tokens += taken.tokens();
                    } else {
                        // tokens given back meanwhile belong to the older lease: never stretch them to the new one
                        expired.addAndGet(tokens);
                        tokens = taken.tokens();
                    }
                    validUntil = leaseNanos == Long.MAX_VALUE ? Long.MAX_VALUE : started + leaseNanos;
                    retryAt = 0;
                    exhausted = false;
                } else if (taken != null) {
                    exhausted = quota;
                    retryAt = now + (quota ? QUOTA_RECHECK.toNanos() : Math.max(1_000_000L, Math.min(taken.nanosToWait(), Duration.ofMinutes(1).toNanos())));
                } else {
                    retryAt = now + ERROR_BACKOFF.toNanos();
                    LOG.log(System.Logger.Level.WARNING, "Budget {0} unavailable, nothing is sent on it for {1} ms: {2}", key,
                            ERROR_BACKOFF.toMillis(), failure.getMessage());
                }
                if (refill == done) {
                    refill = null;
                }
            }
            done.complete(null);
        };
        if (!store.blocking()) {
            refillNow.run();
            return;
        }
        try {
            executor.execute(refillNow);
        } catch (RejectedExecutionException e) {
            synchronized (this) {
                retryAt = ticker.nanos() + ERROR_BACKOFF.toNanos();
                if (refill == done) {
                    refill = null;
                }
            }
            done.complete(null);
        }
    }
}
