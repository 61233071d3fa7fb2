package io.dingrelay.flow;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A ticker the test moves: crosses a 10-minute ban without waiting for it. */
final class FakeTicker implements Ticker {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Override
    public long nanos() {
        return now.get();
    }

    void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }
}
