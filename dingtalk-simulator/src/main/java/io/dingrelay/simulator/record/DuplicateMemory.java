package io.dingrelay.simulator.record;

import java.util.Arrays;

/**
 * What a group already received in this run: the last msgUuids and 64-bit body hashes, in two small rings that
 * grow on demand up to the configured bound (oldest forgotten first). Primitive arrays, not sets: with 300,000
 * groups the memory per group matters more than lookup speed over a few entries.
 */
public final class DuplicateMemory {

    /** Which kind of duplicate a message is, if any. */
    public enum Kind { NONE, MSG_UUID, BODY }

    private static final int INITIAL = 4;

    private long[] bodies;
    private int bodyCount;
    private int bodyNext;
    private String[] uuids;
    private int uuidCount;
    private int uuidNext;

    public synchronized Kind remember(String msgUuid, long bodyHash, int capacity) {
        Kind kind = Kind.NONE;
        if (msgUuid != null && !msgUuid.isEmpty()) {
            if (containsUuid(msgUuid)) {
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
