package io.dingrelay.registry.service;

import io.dingrelay.events.ids.GroupId;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * New group ids: {@code g} + 11 hex digits of epoch milliseconds + 4 hex digits of a per-process sequence + 6 random
 * hex digits. Time-ordered (and, within one registry, in creation order), so keyset paging ({@code after}) and the
 * audience follow creation order and new groups land after every cursor; the random part keeps two registry
 * instances from colliding.
 */
public final class GroupIds {

    private static final AtomicLong SEQUENCE = new AtomicLong(ThreadLocalRandom.current().nextInt(1 << 16));
    private static final AtomicLong LAST_MILLIS = new AtomicLong();

    private GroupIds() {
    }

    public static synchronized GroupId next() {
        long now = Math.max(System.currentTimeMillis(), LAST_MILLIS.get());
        long seq = SEQUENCE.incrementAndGet() & 0xffff;
        if (seq == 0) {
            // 65,536 ids in one millisecond: borrow the next millisecond so the order holds.
            now++;
        }
        LAST_MILLIS.set(now);
        StringBuilder id = new StringBuilder(22).append('g');
        hex(id, now, 11);
        hex(id, seq, 4);
        hex(id, ThreadLocalRandom.current().nextInt(1 << 24), 6);
        return GroupId.of(id.toString());
    }

    private static void hex(StringBuilder out, long value, int digits) {
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
            out.append(Character.forDigit((int) (value >>> shift) & 0xf, 16));
        }
    }
}
