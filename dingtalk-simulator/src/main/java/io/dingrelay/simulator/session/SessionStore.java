package io.dingrelay.simulator.session;

import io.dingrelay.simulator.RandomIds;
import io.dingrelay.simulator.clock.SimClock;
import io.dingrelay.simulator.limit.LimitSettings;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sessions created by robot callbacks. Expired sessions are dropped lazily when new ones are opened, so
 * a load run of millions of callbacks does not grow memory without bound.
 */
@ApplicationScoped
public class SessionStore {

    private static final int SWEEP_EVERY = 4096;

    private final ConcurrentHashMap<String, Session> sessions = new ConcurrentHashMap<>();
    private final SimClock clock;
    private final LimitSettings limits;

    public SessionStore(SimClock clock, LimitSettings limits) {
        this.clock = clock;
        this.limits = limits;
    }

    public Session open(String groupId, String app) {
        long now = clock.millis();
        Session s = new Session(RandomIds.hex(32), groupId, app, now, now + limits.current().sessionLifetime().toMillis());
        sessions.put(s.id(), s);
        if (sessions.size() % SWEEP_EVERY == 0) {
            sweep(now);
        }
        return s;
    }

    /** The session, expired or not; null when it never existed (or was swept after expiry). */
    public Session find(String id) {
        return id == null ? null : sessions.get(id);
    }

    public boolean expired(Session s) {
        return clock.millis() >= s.expiresAt();
    }

    public int size() {
        return sessions.size();
    }

    public void clear() {
        sessions.clear();
    }

    private void sweep(long now) {
        for (Iterator<Session> it = sessions.values().iterator(); it.hasNext(); ) {
            if (it.next().expiresAt() <= now) {
                it.remove();
            }
        }
    }
}
