package io.dingrelay.simulator.record;

import java.util.LinkedHashSet;
import java.util.Iterator;

/**
 * What a group already received in this run: msgUuids and 64-bit body hashes, each set bounded (oldest
 * forgotten first) so 300,000 groups stay within memory. A push run sends a handful of messages per
 * group, far below the bound.
 */
public final class DuplicateMemory {

    /** Which kind of duplicate a message is, if any. */
    public enum Kind { NONE, MSG_UUID, BODY }

    private LinkedHashSet<String> uuids;
    private LinkedHashSet<Long> bodies;

    public synchronized Kind remember(String msgUuid, long bodyHash, int capacity) {
        if (bodies == null) {
            bodies = new LinkedHashSet<>();
        }
        Kind kind = Kind.NONE;
        if (msgUuid != null && !msgUuid.isEmpty()) {
            if (uuids == null) {
                uuids = new LinkedHashSet<>();
            }
            if (!add(uuids, msgUuid, capacity)) {
                kind = Kind.MSG_UUID;
            }
        }
        boolean newBody = add(bodies, bodyHash, capacity);
        if (kind == Kind.NONE && !newBody) {
            kind = Kind.BODY;
        }
        return kind;
    }

    private static <T> boolean add(LinkedHashSet<T> set, T value, int capacity) {
        if (!set.add(value)) {
            return false;
        }
        if (set.size() > capacity) {
            Iterator<T> it = set.iterator();
            it.next();
            it.remove();
        }
        return true;
    }

    public synchronized void clear() {
        uuids = null;
        bodies = null;
    }
}
