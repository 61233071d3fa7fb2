package io.dingrelay.simulator.record;

import java.util.Arrays;

/**
 * What a group already received in this run: the last msgUuids and 64-bit body hashes, in two small rings that
 * grow on demand up to the configured bound (oldest forgotten first). Primitive arrays, not sets: with 300,000
 * groups the memory per group matters more than lookup speed over a few entries.
 */
public final class DuplicateMemory {

    /**
     * Which kind of duplicate a message is, if any. {@code ABSORBED}: a repeated msgUuid on a channel where DingTalk
     * honours it as the idempotency key (the custom-robot webhook): not shown again, so its body is not remembered.
     */
    public enum Kind { NONE, MSG_UUID, BODY, ABSORBED }

    private static final int INITIAL = 4;

    private long[] bodies;
    private int bodyCount;
    private int bodyNext;
    private String[] uuids;
    private int uuidCount;
    private int uuidNext;

    /** {@link #remember(String, long, int, boolean)} on a channel that does not honour msgUuid. */
    public Kind remember(String msgUuid, long bodyHash, int capacity) {
        return remember(msgUuid, bodyHash, capacity, false);
    }

    /**
     * Looks the message up and remembers it, in one step (two concurrent re-sends of one msgUuid: one is shown).
     *
     * @param absorbRepeats whether a msgUuid already remembered makes the message {@link Kind#ABSORBED}
     */
    public synchronized Kind remember(String msgUuid, long bodyHash, int capacity, boolean absorbRepeats) {
        Kind kind = Kind.NONE;
        if (msgUuid != null && !msgUuid.isEmpty()) {
            if (containsUuid(msgUuid)) {
                if (absorbRepeats) {
                    return Kind.ABSORBED;
                }
                kind = Kind.MSG_UUID;
            } else {
                addUuid(msgUuid, capacity);
            }
        }
        boolean seenBody = containsBody(bodyHash);
        if (!seenBody) {
            addBody(bodyHash, capacity);
        }
        return kind == Kind.NONE && seenBody ? Kind.BODY : kind;
    }

    private boolean containsBody(long h) {
        for (int i = 0; i < bodyCount; i++) {
            if (bodies[i] == h) {
                return true;
            }
        }
        return false;
    }

    private void addBody(long h, int capacity) {
        if (bodies == null) {
            bodies = new long[Math.min(INITIAL, capacity)];
        } else if (bodyCount == bodies.length && bodies.length < capacity) {
            bodies = Arrays.copyOf(bodies, Math.min(capacity, bodies.length * 2));
            bodyNext = bodyCount; // a full ring that grows has not wrapped yet: append, do not overwrite the oldest
        }
        bodies[bodyNext] = h;
        bodyNext = (bodyNext + 1) % bodies.length;
        bodyCount = Math.min(bodyCount + 1, bodies.length);
        if (bodyCount < bodies.length) {
            bodyNext = bodyCount;
        }
    }

    private boolean containsUuid(String u) {
        for (int i = 0; i < uuidCount; i++) {
            if (u.equals(uuids[i])) {
                return true;
            }
        }
        return false;
    }

    private void addUuid(String u, int capacity) {
        if (uuids == null) {
            uuids = new String[Math.min(INITIAL, capacity)];
        } else if (uuidCount == uuids.length && uuids.length < capacity) {
            uuids = Arrays.copyOf(uuids, Math.min(capacity, uuids.length * 2));
            uuidNext = uuidCount; // as for bodies: the oldest must survive the growth
        }
        uuids[uuidNext] = u;
        uuidNext = (uuidNext + 1) % uuids.length;
        uuidCount = Math.min(uuidCount + 1, uuids.length);
        if (uuidCount < uuids.length) {
            uuidNext = uuidCount;
        }
    }

    public synchronized void clear() {
        bodies = null;
        uuids = null;
        bodyCount = bodyNext = uuidCount = uuidNext = 0;
    }
}
