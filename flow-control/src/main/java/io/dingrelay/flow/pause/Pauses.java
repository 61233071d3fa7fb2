package io.dingrelay.flow.pause;

import io.dingrelay.flow.ScopeKey;
import io.dingrelay.flow.Ticker;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The scopes that are paused now, each until its ban ends. Only the banned key is paused: one robot's ban leaves every
 * other robot, the IP and the app flowing. Local to this replica (see the README on bans seen by several replicas).
 * Thread-safe, non-blocking.
 */
public final class Pauses {

    /** A pause in force: the key, until when (ticker nanos), and DingTalk's code. */
    public record Hold(ScopeKey key, long until, String code) {
    }

    private final ConcurrentHashMap<ScopeKey, Hold> holds = new ConcurrentHashMap<>();
    private final Ticker ticker;

    public Pauses(Ticker ticker) {
        this.ticker = ticker;
    }

    /** Pauses {@code pause.key()} for {@code pause.duration()} from now; a longer pause already there is kept. */
    public void pause(Pause pause) {
        long until = saturatedAdd(ticker.nanos(), pause.duration().toNanos());
        holds.merge(pause.key(), new Hold(pause.key(), until, pause.code()), (old, neu) -> old.until() >= neu.until() ? old : neu);
    }

    /** Ends a pause early (an operator knows better). */
    public void resume(ScopeKey key) {
        holds.remove(key);
    }

    /** How long {@code key} stays paused, if it is. */
    public Optional<Duration> remaining(ScopeKey key) {
        Hold h = active(key, ticker.nanos());
        return h == null ? Optional.empty() : Optional.of(Duration.ofNanos(h.until() - ticker.nanos()));
    }

    /** The pause among {@code keys} that ends last, or null when none is paused at {@code now}. */
    public Hold longest(Collection<ScopeKey> keys, long now) {
        Hold longest = null;
        for (ScopeKey k : keys) {
            Hold h = active(k, now);
            if (h != null && (longest == null || h.until() > longest.until())) {
                longest = h;
            }
        }
        return longest;
    }

    /** The pause of {@code key} in force at {@code now}, or null. */
    public Hold active(ScopeKey key, long now) {
        Hold h = holds.get(key);
        if (h == null) {
            return null;
        }
        if (now >= h.until()) {
            holds.remove(key, h);
            return null;
        }
        return h;
    }

    /** Every pause in force: key → remaining. */
    public Map<ScopeKey, Duration> snapshot() {
        long now = ticker.nanos();
        Map<ScopeKey, Duration> out = new java.util.TreeMap<>(java.util.Comparator.comparing(ScopeKey::id));
        holds.values().forEach(h -> {
            if (now < h.until()) {
                out.put(h.key(), Duration.ofNanos(h.until() - now));
            }
        });
        return out;
    }

    static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }
}
