package io.dingrelay.simulator.record;

import io.dingrelay.simulator.clock.SimClock;
import io.dingrelay.simulator.config.SimulatorConfig;
import io.dingrelay.simulator.group.Group;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Records what groups received and what was refused, and keeps the counters of a run. Memory is bounded:
 * each group keeps its newest {@code history.per-group} messages, all groups together at most
 * {@code history.total} (a lock-free queue evicts the oldest), identical bodies share one String, and
 * counters are LongAdders. Nothing here takes a global lock.
 */
@ApplicationScoped
public class Recorder {

    private static final int REJECTIONS_KEPT = 1000;
    private static final int INTERNED_BODIES = 4096;

    private final SimClock clock;
    private final SimulatorConfig.HistoryConfig history;

    private final AtomicLong seq = new AtomicLong();
    private final LongAdder accepted = new LongAdder();
    private final ConcurrentHashMap<String, LongAdder> rejectedByCode = new ConcurrentHashMap<>();
    private final LongAdder duplicateUuid = new LongAdder();
    private final LongAdder duplicateBody = new LongAdder();
    private final LongAdder absorbed = new LongAdder();
    private final ConcurrentHashMap<String, RateMeter> ipRates = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LongAdder> acceptedByChannel = new ConcurrentHashMap<>();

    private final ConcurrentLinkedQueue<Kept> kept = new ConcurrentLinkedQueue<>();
    private final AtomicInteger keptCount = new AtomicInteger();
    private final ConcurrentLinkedQueue<Rejection> rejections = new ConcurrentLinkedQueue<>();
    private final AtomicInteger rejectionCount = new AtomicInteger();
    private final ConcurrentHashMap<String, String> interned = new ConcurrentHashMap<>();

    private volatile String runId = UUID.randomUUID().toString();
    private volatile long runStartedAt;

    private record Kept(Group group, long seq) {
    }

    public Recorder(SimClock clock, SimulatorConfig config) {
        this.clock = clock;
        this.history = config.history();
        this.runStartedAt = clock.millis();
    }

    /** Counts one call from an IP (every DingTalk API call, accepted or not). */
    public void call(String ip) {
        ipRates.computeIfAbsent(ip, k -> new RateMeter()).mark(clock.millis());
    }

    /** Stores a message the group received; returns it with its duplicate flag. */
    public StoredMessage accept(Group group, String channel, String msgtype, String json, String msgUuid) {
        return accept(group, channel, msgtype, json, msgUuid, json, false).orElseThrow();
    }

    /**
     * Stores a message the group received, or absorbs it: with {@code honoursMsgUuid} (the custom-robot webhook,
     * where DingTalk documents msgUuid as the idempotency key for a retry after a timeout) a msgUuid this group
     * already received within the memory window ({@code history.duplicate-memory} newest per group) is answered as
     * accepted by the caller but not shown again: counted as absorbed, not as accepted nor as a duplicate.
     *
     * @param content what makes two messages the same message for the duplicate flag: the message without its
     *                msgUuid (the same body under a new key is shown again, a duplicate the group sees)
     * @return the stored message with its duplicate flag, or empty when absorbed
     */
    public Optional<StoredMessage> accept(Group group, String channel, String msgtype, String json, String msgUuid,
                                          String content, boolean honoursMsgUuid) {
        long now = clock.millis();
        long hash = fnv64(content);
        DuplicateMemory.Kind dup = group.duplicates().remember(msgUuid, hash, history.duplicateMemory(), honoursMsgUuid);
        if (dup == DuplicateMemory.Kind.ABSORBED) {
            absorbed.increment();
            group.countAbsorbed();
            return Optional.empty();
        }
        if (dup == DuplicateMemory.Kind.MSG_UUID) {
            duplicateUuid.increment();
        } else if (dup == DuplicateMemory.Kind.BODY) {
            duplicateBody.increment();
        }
        StoredMessage m = new StoredMessage(seq.incrementAndGet(), now, channel, msgtype, intern(json), msgUuid,
                dup != DuplicateMemory.Kind.NONE);
        group.log().add(m, history.perGroup());
        group.countAccepted();
        accepted.increment();
        acceptedByChannel.computeIfAbsent(channel, k -> new LongAdder()).increment();
        group.rate().mark(now);
        kept.add(new Kept(group, m.seq()));
        if (keptCount.incrementAndGet() > history.total()) {
            Kept oldest = kept.poll();
            if (oldest != null) {
                keptCount.decrementAndGet();
                oldest.group().log().evict(oldest.seq());
            }
        }
        return Optional.of(m);
    }

    /** Records a refusal with DingTalk's code and message. */
    public void reject(String channel, Group group, String code, String message, String ip) {
        if (group != null) {
            group.countRejected();
        }
        rejectedByCode.computeIfAbsent(code, k -> new LongAdder()).increment();
        rejections.add(new Rejection(clock.millis(), channel, group == null ? null : group.id(), code, message, ip));
        if (rejectionCount.incrementAndGet() > REJECTIONS_KEPT && rejections.poll() != null) {
            rejectionCount.decrementAndGet();
        }
    }

    public List<Rejection> rejections() {
        return new ArrayList<>(rejections);
    }

    public long acceptedTotal() {
        return accepted.sum();
    }

    public Map<String, Long> rejectedByCode() {
        Map<String, Long> out = new TreeMap<>();
        rejectedByCode.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    public long rejectedTotal() {
        return rejectedByCode.values().stream().mapToLong(LongAdder::sum).sum();
    }

    public Map<String, Long> acceptedByChannel() {
        Map<String, Long> out = new TreeMap<>();
        acceptedByChannel.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    public long duplicatesByUuid() {
        return duplicateUuid.sum();
    }

    public long duplicatesByBody() {
        return duplicateBody.sum();
    }

    /** Webhook re-sends of a msgUuid the group already had: answered errcode 0, not shown again. */
    public long absorbedTotal() {
        return absorbed.sum();
    }

    /** Calls per second per IP over the last complete second. */
    public Map<String, Integer> ipRates() {
        long now = clock.millis();
        Map<String, Integer> out = new TreeMap<>();
        ipRates.forEach((ip, m) -> out.put(ip, m.perSecond(now)));
        return out;
    }

    /** Messages per second per group (robot) over the last complete second; only groups that received any. */
    public Map<String, Integer> robotRates(Iterable<Group> groups) {
        long now = clock.millis();
        Map<String, Integer> out = new TreeMap<>();
        for (Group g : groups) {
            int r = g.rate().perSecond(now);
            if (r > 0) {
                out.put(g.id(), r);
            }
        }
        return out;
    }

    public String runId() {
        return runId;
    }

    public long runStartedAt() {
        return runStartedAt;
    }

    /** Starts a new run: forgets counters, rejections and the stored messages of the given groups. */
    public void reset(Iterable<Group> groups) {
        for (Group g : groups) {
            g.log().clear();
            g.duplicates().clear();
            g.resetCounters();
        }
        kept.clear();
        keptCount.set(0);
        rejections.clear();
        rejectionCount.set(0);
        accepted.reset();
        rejectedByCode.clear();
        acceptedByChannel.clear();
        duplicateUuid.reset();
        duplicateBody.reset();
        absorbed.reset();
        ipRates.clear();
        interned.clear();
        runId = UUID.randomUUID().toString();
        runStartedAt = clock.millis();
    }

    /** One String instance per distinct body: a push sends the same body to every group. */
    private String intern(String json) {
        String prior = interned.get(json);
        if (prior != null) {
            return prior;
        }
        if (interned.size() >= INTERNED_BODIES) {
            interned.clear();
        }
        prior = interned.putIfAbsent(json, json);
        return prior == null ? json : prior;
    }

    /** 64-bit FNV-1a over the UTF-16 chars (no byte copy on the hot path): identical bodies, identical hash. */
    static long fnv64(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }
}
