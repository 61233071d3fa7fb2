package io.dingrelay.simulator.record;

/** Events in the last complete second, from two one-second buckets: two longs per meter, for 300,000 robots. */
public final class RateMeter {

    private long second = -1;
    private int current;
    private int previous;

    public synchronized void mark(long nowMillis) {
        roll(nowMillis / 1000);
        current++;
    }

    /** Events per second over the last complete second. */
    public synchronized int perSecond(long nowMillis) {
        roll(nowMillis / 1000);
        return previous;
    }

    private void roll(long s) {
        if (s != second) {
            previous = s == second + 1 ? current : 0;
            current = 0;
            second = s;
        }
    }
}
