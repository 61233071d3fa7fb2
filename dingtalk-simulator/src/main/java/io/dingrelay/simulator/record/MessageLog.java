package io.dingrelay.simulator.record;

import java.util.ArrayList;
import java.util.List;

/** A group's newest messages in a ring of fixed capacity, allocated on first use. */
public final class MessageLog {

    private StoredMessage[] ring;
    private int head;
    private int size;

    /** Appends; the ring starts small and doubles up to {@code capacity} (most groups get a few messages per run). */
    public synchronized void add(StoredMessage m, int capacity) {
        if (ring == null) {
            ring = new StoredMessage[Math.min(2, capacity)];
        } else if (size == ring.length && ring.length < capacity || ring.length > capacity) {
            List<StoredMessage> keep = listLocked(0);
            int length = ring.length > capacity ? capacity : Math.min(capacity, ring.length * 2);
            ring = new StoredMessage[length];
            head = 0;
            size = 0;
            for (StoredMessage k : keep.subList(Math.max(0, keep.size() - length), keep.size())) {
                append(k);
            }
        }
        append(m);
    }

    private void append(StoredMessage m) {
        if (size < ring.length) {
            ring[(head + size) % ring.length] = m;
            size++;
        } else {
            ring[head] = m;
            head = (head + 1) % ring.length;
        }
    }

    /** Removes the message with this seq if it is still the oldest one (global eviction). */
    public synchronized void evict(long seq) {
        if (size > 0 && ring[head].seq() == seq) {
            ring[head] = null;
            head = (head + 1) % ring.length;
            size--;
        }
    }

    /** Messages with seq greater than {@code after}, oldest first (newest last). */
    public synchronized List<StoredMessage> list(long after) {
        return listLocked(after);
    }

    private List<StoredMessage> listLocked(long after) {
        List<StoredMessage> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            StoredMessage m = ring[(head + i) % ring.length];
            if (m.seq() > after) {
                out.add(m);
            }
        }
        return out;
    }

    public synchronized void clear() {
        ring = null;
        head = 0;
        size = 0;
    }
}
