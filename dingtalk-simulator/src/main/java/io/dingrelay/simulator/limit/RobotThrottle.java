package io.dingrelay.simulator.limit;

/**
 * One custom robot's send window: the times of its last accepted messages (a ring sized to the
 * per-minute limit) and the end of its ban. A message is allowed while fewer than the limit were
 * accepted in the 60 s before it; the one over the limit starts the ban, and every send during the ban
 * is refused. Rejected sends do not count towards the window (only what reaches the group does).
 * Guarded by its own monitor: contention is per robot, never global.
 */
public final class RobotThrottle {

    /** What {@link #tryAcquire} decided. */
    public enum Decision { ALLOWED, BANNED_NOW, BANNED }

    private static final long MINUTE_MS = 60_000;

    private static final long[] NONE = new long[0];

    private long[] sends = NONE;
    private int head;
    private int count;
    private long bannedUntil;

    public synchronized Decision tryAcquire(long now, int perMinute, long banMillis) {
        if (now < bannedUntil) {
            return Decision.BANNED;
        }
        if (sends.length != perMinute) {
            resize(perMinute);
        }
        if (count < perMinute) {
            sends[(head + count) % perMinute] = now;
            count++;
            return Decision.ALLOWED;
        }
        if (now - sends[head] >= MINUTE_MS) {
            sends[head] = now;
            head = (head + 1) % perMinute;
            return Decision.ALLOWED;
        }
        bannedUntil = now + banMillis;
        count = 0;
        head = 0;
        return Decision.BANNED_NOW;
    }

    /** Accepted messages in the last minute (the robot's current rate). */
    public synchronized int lastMinute(long now) {
        int n = 0;
        for (int i = 0; i < count; i++) {
            if (now - sends[(head + i) % sends.length] < MINUTE_MS) {
                n++;
            }
        }
        return n;
    }

    /** End of the current ban in epoch ms, or 0 when none is in force. */
    public synchronized long bannedUntil(long now) {
        return now < bannedUntil ? bannedUntil : 0;
    }

    public synchronized void clear() {
        count = 0;
        head = 0;
        bannedUntil = 0;
    }

    private void resize(int perMinute) {
        long[] next = new long[perMinute];
        int keep = Math.min(count, perMinute);
        for (int i = 0; i < keep; i++) {
            next[i] = sends[(head + count - keep + i) % sends.length];
        }
        sends = next;
        head = 0;
        count = keep;
    }
}
