package io.dingrelay.simulator.clock;

import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The simulator's time: the system clock plus an offset that only grows. {@code POST /sim/clock/advance}
 * moves it forward so a test proves a ten-minute ban expires without waiting ten minutes. Every time
 * decision (windows, bans, sessions, tokens, signature windows) reads this clock.
 */
@ApplicationScoped
public class SimClock extends Clock {

    private final AtomicLong offsetMillis = new AtomicLong();

    public long millis() {
        return System.currentTimeMillis() + offsetMillis.get();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.offset(Clock.system(zone), Duration.ofMillis(offsetMillis.get()));
    }

    /** Moves time forward; negative amounts are refused so windows never run backwards. */
    public Instant advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("seconds: must not be negative");
        }
        offsetMillis.addAndGet(by.toMillis());
        return instant();
    }

    public Duration offset() {
        return Duration.ofMillis(offsetMillis.get());
    }
}
