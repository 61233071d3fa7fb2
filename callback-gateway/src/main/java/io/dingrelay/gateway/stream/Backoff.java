package io.dingrelay.gateway.stream;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Reconnect delays: {@code initial · 2^failures}, capped at {@code max}, each drawn uniformly between half of that
 * and all of it ("equal jitter"): never a tight loop, never a thundering herd of replicas reconnecting in step.
 */
final class Backoff {

    private final long initialMillis;
    private final long maxMillis;
    private final DoubleSupplier random;

    Backoff(Duration initial, Duration max, DoubleSupplier random) {
        this.initialMillis = Math.max(1, initial.toMillis());
        this.maxMillis = Math.max(initialMillis, max.toMillis());
        this.random = random;
    }

    /** The delay before the next attempt after {@code failures} consecutive failures (0 for the first retry). */
    long delayMillis(int failures) {
        long ceiling = failures >= 30 ? maxMillis : Math.min(maxMillis, initialMillis << failures);
        return ceiling / 2 + (long) (random.getAsDouble() * (ceiling - ceiling / 2));
    }

    /** The longest delay: used after DingTalk refused the credentials. */
    long maxMillis() {
        return maxMillis;
    }
}
