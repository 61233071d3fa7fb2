package io.dingrelay.flow.config;

import java.time.Duration;
import java.util.Objects;

/**
 * "At most {@code limit} calls in any {@code window}", and the token bucket that keeps it.
 *
 * <p>A plain token bucket of capacity C refilled at C per window lets through up to 2C in one window (C at its start,
 * C refilled during it), and DingTalk does not say how its windows are aligned. So the bucket is shaped for <em>any</em>
 * window: capacity {@link #burst} B, greedy refill of {@code limit − B} tokens per {@code window + lease}. A token
 * bucket lets through at most {@code B + rate × T} in any interval T; a token handed out by a replica is used at most
 * {@link #lease} after it was taken from the shared bucket, so the sends of any window W come from tokens taken in an
 * interval of W + lease, hence at most {@code B + (limit − B) = limit}. The price is throughput: the sustained rate is
 * {@code (limit − B) / (window + lease)} ({@link #sustainedPerSecond()}), e.g. 96.8 % of 9,000 / 20 s with the defaults.
 *
 * @param limit  calls allowed in any window (already less the safety margin)
 * @param window the window
 * @param burst  bucket capacity: calls that may go at once after a quiet period; 1 ≤ burst < limit
 * @param lease  how long a token taken from the shared bucket may be held before it is used (zero for a bucket that
 *               lives in the sender itself); covers the PostgreSQL round trip and the local hand-out
 * @param chunk  tokens taken from the shared bucket per round trip (1 ≤ chunk ≤ burst)
 */
public record WindowBudget(int limit, Duration window, int burst, Duration lease, int chunk) {

    public WindowBudget {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(lease, "lease");
        if (window.isZero() || window.isNegative()) {
            throw new IllegalArgumentException("window must be positive, was " + window);
        }
        if (lease.isNegative()) {
            throw new IllegalArgumentException("lease must not be negative, was " + lease);
        }
        if (limit < 2) {
            throw new IllegalArgumentException("limit must be at least 2, was " + limit);
        }
        if (burst < 1 || burst >= limit) {
            throw new IllegalArgumentException("burst must be in [1, limit), was " + burst + " for limit " + limit);
        }
        if (chunk < 1 || chunk > burst) {
            throw new IllegalArgumentException("chunk must be in [1, burst], was " + chunk + " for burst " + burst);
        }
    }

    /** Tokens refilled per {@link #refillPeriod()}: {@code limit − burst}. */
    public long refillTokens() {
        return (long) limit - burst;
    }

    /** {@code window + lease}: the refill period that makes {@link #limit} hold for tokens used up to a lease late. */
    public Duration refillPeriod() {
        return window.plus(lease);
    }

    /** Calls per second this budget sustains once its burst is spent. */
    public double sustainedPerSecond() {
        return refillTokens() / (refillPeriod().toNanos() / 1e9);
    }

    /**
     * The shortest time in which this budget lets {@code calls} calls through, starting full:
     * {@code max(0, calls − burst) / sustained rate}.
     */
    public Duration minimumDurationFor(long calls) {
        if (calls <= burst) {
            return Duration.ZERO;
        }
        double seconds = (calls - burst) / sustainedPerSecond();
        return Duration.ofNanos((long) Math.ceil(seconds * 1e9));
    }


    public WindowBudget withLimit(int newLimit) {
        return new WindowBudget(newLimit, window, Math.min(burst, newLimit - 1), lease, Math.min(chunk, Math.min(burst, newLimit - 1)));
    }

    public WindowBudget withBurst(int newBurst) {
        return new WindowBudget(limit, window, newBurst, lease, Math.min(chunk, newBurst));
    }

    public WindowBudget withLease(Duration newLease) {
        return new WindowBudget(limit, window, burst, newLease, chunk);
    }

    public WindowBudget withChunk(int newChunk) {
        return new WindowBudget(limit, window, burst, lease, newChunk);
    }

    public WindowBudget withWindow(Duration newWindow) {
        return new WindowBudget(limit, newWindow, burst, lease, chunk);
    }
}
