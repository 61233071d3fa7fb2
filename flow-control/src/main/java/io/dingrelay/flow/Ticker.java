package io.dingrelay.flow;

/**
 * Monotonic nanoseconds, as {@link System#nanoTime()}; tests give their own to cross a 10-minute ban without waiting.
 * Only local decisions read it (leases, pauses, the robots' buckets); the shared buckets run on the wall clock, which
 * every replica shares.
 */
@FunctionalInterface
public interface Ticker {

    Ticker SYSTEM = System::nanoTime;

    long nanos();
}
