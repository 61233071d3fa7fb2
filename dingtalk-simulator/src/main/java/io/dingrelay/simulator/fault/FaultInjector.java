package io.dingrelay.simulator.fault;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * Faults in force ({@code PUT/DELETE /sim/faults}). A group's own spec replaces the global one for that
 * group. With none set the hot path costs one volatile read and one map lookup on an empty map.
 */
@ApplicationScoped
public class FaultInjector {

    private volatile FaultSpec global;
    private final ConcurrentHashMap<String, FaultSpec> byGroup = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<FaultAction, LongAdder> applied = new ConcurrentHashMap<>();
    private final LongAdder delayed = new LongAdder();

    public void set(FaultSpec spec) {
        if (spec.groupId() == null) {
            global = spec;
        } else {
            byGroup.put(spec.groupId(), spec);
        }
    }

    /** Removes one group's faults, or all faults when groupId is null. */
    public void clear(String groupId) {
        if (groupId == null) {
            global = null;
            byGroup.clear();
        } else {
            byGroup.remove(groupId);
        }
    }

    /** The spec for this group (its own, else the global one), or null. */
    public FaultSpec specFor(String groupId) {
        if (!byGroup.isEmpty() && groupId != null) {
            FaultSpec own = byGroup.get(groupId);
            if (own != null) {
                return own;
            }
        }
        return global;
    }

    public FaultAction decide(FaultSpec spec) {
        if (spec == null) {
            return FaultAction.NONE;
        }
        ThreadLocalRandom r = ThreadLocalRandom.current();
        FaultAction a = FaultAction.NONE;
        if (spec.dropRate() > 0 && r.nextDouble() < spec.dropRate()) {
            a = FaultAction.DROP;
        } else if (spec.timeoutRate() > 0 && r.nextDouble() < spec.timeoutRate()) {
            a = FaultAction.TIMEOUT;
        } else if (spec.errorRate() > 0 && r.nextDouble() < spec.errorRate()) {
            a = FaultAction.ERROR;
        } else if (spec.throttleRate() > 0 && r.nextDouble() < spec.throttleRate()) {
            a = FaultAction.THROTTLE;
        }
        if (a != FaultAction.NONE) {
            applied.computeIfAbsent(a, k -> new LongAdder()).increment();
        }
        if (spec.latencyMs() > 0) {
            delayed.increment();
        }
        return a;
    }

    public List<FaultSpec> list() {
        List<FaultSpec> out = new ArrayList<>();
        FaultSpec g = global;
        if (g != null) {
            out.add(g);
        }
        out.addAll(byGroup.values());
        return out;
    }

    /** How many requests each fault hit since the last reset. */
    public Map<String, Long> applied() {
        Map<String, Long> out = new TreeMap<>();
        applied.forEach((k, v) -> out.put(k.name().toLowerCase(), v.sum()));
        out.put("delayed", delayed.sum());
        return out;
    }

    public void resetCounters() {
        applied.clear();
        delayed.reset();
    }
}
