package io.dingrelay.gateway.metrics;

import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Logs a recurring warning at most once per interval with the count of occurrences in between, so an outage that
 * fails thousands of callbacks per second is visible without flooding the log (the metrics count every one).
 */
public final class RateLimitedLog {

    private final Logger log;
    private final long intervalNanos;
    private final AtomicLong nextAt = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong suppressed = new AtomicLong();

    public RateLimitedLog(Logger log, long intervalMillis) {
        this.log = log;
        this.intervalNanos = intervalMillis * 1_000_000L;
    }

    public void warn(String message) {
        long now = System.nanoTime();
        long next = nextAt.get();
        if ((next == Long.MIN_VALUE || now - next >= 0) && nextAt.compareAndSet(next, now + intervalNanos)) {
            long skipped = suppressed.getAndSet(0);
            log.warn(skipped == 0 ? message : message + " (and " + skipped + " more since the last report)");
        } else {
            suppressed.incrementAndGet();
        }
    }
}
