package io.dingrelay.simulator.limit;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * DingTalk's per-egress-IP budget across all its APIs: a fixed number of calls per window (10,000 per
 * 20 s), then a ban (5 minutes) answered with the block page instead of JSON. Windows start at an IP's
 * first call after the previous window ended. One small object per IP; no global lock.
 */
@ApplicationScoped
public class IpBudget {

    /** Result of counting one call. */
    public enum Decision { ALLOWED, BANNED_NOW, BANNED }

    private final ConcurrentHashMap<String, Window> byIp = new ConcurrentHashMap<>();

    public Decision count(String ip, long now, Limits limits) {
        if (!limits.ipEnabled()) {
            return Decision.ALLOWED;
        }
        return byIp.computeIfAbsent(ip, k -> new Window())
                .count(now, limits.ipCalls(), limits.ipWindow().toMillis(), limits.ipBan().toMillis());
    }

    /** Current windows: ip → {calls in window, window start, banned until}. */
    public Map<String, Map<String, Long>> snapshot(long now) {
        Map<String, Map<String, Long>> out = new LinkedHashMap<>();
        byIp.forEach((ip, w) -> out.put(ip, w.snapshot(now)));
        return out;
    }

    public void clear() {
        byIp.clear();
    }

    private static final class Window {
        private long start;
        private long windowEnd;
        private long calls;
        private long bannedUntil;

        synchronized Decision count(long now, int budget, long windowMs, long banMs) {
            if (now < bannedUntil) {
                return Decision.BANNED;
            }
            if (now >= windowEnd) {
                start = now;
                windowEnd = now + windowMs;
                calls = 0;
            }
            calls++;
            if (calls > budget) {
                bannedUntil = now + banMs;
                windowEnd = 0;
                return Decision.BANNED_NOW;
            }
            return Decision.ALLOWED;
        }

        synchronized Map<String, Long> snapshot(long now) {
            Map<String, Long> m = new LinkedHashMap<>();
            m.put("callsInWindow", now < windowEnd ? calls : 0);
            m.put("windowStartedAt", start);
            m.put("bannedUntil", now < bannedUntil ? bannedUntil : 0);
            return m;
        }
    }
}
