package io.dingrelay.dispatcher.progress;

import io.dingrelay.dispatcher.config.PushConfig;
import io.dingrelay.dispatcher.persistence.Ledger;
import io.dingrelay.dispatcher.service.Run;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ledger counts {@code GET /api/runs/{runId}} shows. Counting is a scan of the run's rows (300,000 for a big run),
 * and an operator's dashboard (or the benchmark) may poll several times a second: while a run is active, requests
 * share one count for {@code dingrelay.push.progress-cache} (1 s; the in-flight query too). A run that has ended
 * (FINISHED, MISSED, CANCELLED) is counted afresh: its counts are final and must be exact the moment it ends.
 */
@ApplicationScoped
public class ProgressCounts {

    private static final Set<String> ACTIVE = Set.of("PLANNING", "SENDING", "PAUSED");

    private record Cached(Uni<Ledger.Counts> counts, long expiresAtNanos) {
    }

    private final Ledger ledger;
    private final long ttlNanos;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

    public ProgressCounts(Ledger ledger, PushConfig config) {
        this.ledger = ledger;
        this.ttlNanos = config.progressCache().toNanos();
    }

    public Uni<Ledger.Counts> of(Run run) {
        if (!ACTIVE.contains(run.status()) || ttlNanos <= 0) {
            cache.remove(run.id().value());
            return ledger.counts(run.id());
        }
        long now = System.nanoTime();
        Cached c = cache.compute(run.id().value(), (id, old) -> old != null && old.expiresAtNanos() - now > 0 ? old
                : new Cached(ledger.counts(run.id()).memoize().indefinitely(), now + ttlNanos));
        if (cache.size() > 100) {
            cache.values().removeIf(e -> e.expiresAtNanos() - now <= 0);
        }
        return c.counts();
    }
}
