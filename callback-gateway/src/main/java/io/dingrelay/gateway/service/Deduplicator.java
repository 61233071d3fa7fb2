package io.dingrelay.gateway.service;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentMap;

/**
 * Remembers which callback ids (eventId, msgId) were published, so a repeat is answered without being published again,
 * and never answered success before the first copy is durable.
 *
 * <p>An id is in one of three states:
 * <ul>
 *   <li>absent: {@link #claim} returns {@link Claim.First}; the caller publishes and must {@link #settle} the claim;</li>
 *   <li>in flight: the first copy is being written; a repeat gets {@link Claim.InFlight} and waits for the same
 *       acknowledgement (with its own deadline) instead of writing a second copy;</li>
 *   <li>durable: Kafka acknowledged the first copy; a repeat gets {@link Claim.Durable} and is answered at once.</li>
 * </ul>
 * A failed first copy is forgotten, so the next repeat publishes again. A first copy whose caller gave up waiting (and
 * answered 503) stays in flight until Kafka settles it either way.
 *
 * <p>In memory and per instance, bounded by size and time: this saves work and answers repeats correctly, while the
 * consumers' idempotency on the id remains the guarantee (an id forgotten early is merely published twice).
 */
public final class Deduplicator {

    /** The outcome of {@link #claim}. */
    public sealed interface Claim {

        /** Nobody published this id yet: publish it, then {@link #settle}. */
        record First(String key, CompletableFuture<Void> durable) implements Claim {
        }

        /** Another request is publishing it: wait for {@link #durable()}. */
        record InFlight(CompletableFuture<Void> durable) implements Claim {
        }

        /** Already durable: answer success. */
        record Durable() implements Claim {
        }
    }

    private static final Object DURABLE = new Object();
    private static final Claim.Durable DURABLE_CLAIM = new Claim.Durable();

    /** Values are {@link #DURABLE} or the {@link CompletableFuture} of the copy in flight. */
    private final ConcurrentMap<String, Object> seen;

    public Deduplicator(Duration window, long maxEntries) {
        this(window, maxEntries, Ticker.systemTicker());
    }

    /** @param ticker the clock of the window (nanoseconds); tests pass their own */
    Deduplicator(Duration window, long maxEntries, Ticker ticker) {
        Cache<String, Object> cache = Caffeine.newBuilder()
                .expireAfterWrite(window)
                .ticker(ticker)
                // Housekeeping on the calling thread: no hand-off to the common pool for every few writes.
                .executor(Runnable::run)
                .maximumSize(maxEntries)
                .build();
        this.seen = cache.asMap();
    }

    /** Atomically claims {@code key} for publishing, or reports who has it. */
    public Claim claim(String key) {
        CompletableFuture<Void> mine = new CompletableFuture<>();
        Object existing = seen.putIfAbsent(key, mine);
        if (existing == null) {
            return new Claim.First(key, mine);
        }
        if (existing == DURABLE) {
            return DURABLE_CLAIM;
        }
        @SuppressWarnings("unchecked")
        CompletableFuture<Void> inFlight = (CompletableFuture<Void>) existing;
        return new Claim.InFlight(inFlight);
    }

    /**
     * Records the outcome of a first copy once Kafka has settled it (whether or not its caller still waits), and
     * releases the repeats waiting for it.
     *
     * @param failure null when every record was acknowledged
     */
    public void settle(Claim.First claim, Throwable failure) {
        if (failure == null) {
            // Only if it is still our entry: it may have been evicted (size) or expired meanwhile.
            seen.replace(claim.key(), claim.durable(), DURABLE);
            claim.durable().complete(null);
        } else {
            seen.remove(claim.key(), claim.durable());
            claim.durable().completeExceptionally(failure);
        }
    }

    /** Ids currently remembered (approximate), for metrics. */
    public long size() {
        return seen.size();
    }
}
