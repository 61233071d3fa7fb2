package io.dingrelay.infra;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/** Polls a probe until it answers non-null, bounded by a deadline (never a fixed sleep hoping something is ready). */
final class Deadline {

    /** Pause between two failed probes; the probe itself usually blocks up to its own timeout. */
    private static final long POLL_PAUSE_NANOS = Duration.ofMillis(50).toNanos();

    private final long deadlineNanos;

    private Deadline(Duration timeout) {
        this.deadlineNanos = System.nanoTime() + timeout.toNanos();
    }

    static Deadline in(Duration timeout) {
        return new Deadline(timeout);
    }

    Duration remaining() {
        return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
    }

    boolean expired() {
        return System.nanoTime() - deadlineNanos >= 0;
    }

    /**
     * Calls {@code probe} until it returns a non-null value; exceptions count as "not yet".
     *
     * @throws TimeoutException with the last failure as cause when the deadline passes
     */
    <T> T await(String what, Callable<T> probe) throws TimeoutException, InterruptedException {
        Exception last = null;
        while (true) {
            try {
                T value = probe.call();
                if (value != null) {
                    return value;
                }
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                last = e;
            }
            if (expired()) {
                TimeoutException timeout = new TimeoutException("Timed out waiting for " + what);
                if (last != null) {
                    timeout.initCause(last);
                }
                throw timeout;
            }
            LockSupport.parkNanos(POLL_PAUSE_NANOS);
            if (Thread.interrupted()) {
                throw new InterruptedException("Interrupted while waiting for " + what);
            }
        }
    }
}
