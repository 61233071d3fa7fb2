package io.dingrelay.dispatcher.sending;

import io.dingrelay.dispatcher.persistence.RunStore;
import io.dingrelay.events.ids.RunId;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The paused runs as the senders see them: a send asks {@link #isPaused} for every delivery, so it must not be a
 * query. This replica's own pauses and resumes count at once; other replicas' within a refresh (every 2 s). A send that
 * slips through in between is harmless: a quota-paused run's next send is refused again by the shared quota.
 */
@ApplicationScoped
public class RunPauses {

    private final RunStore runs;
    private volatile Set<String> paused = Set.of();
    /** Changes made here since the last refresh started, so a refresh that read the table before them keeps them. */
    private final Set<String> pausedHere = ConcurrentHashMap.newKeySet();
    private final Set<String> resumedHere = ConcurrentHashMap.newKeySet();

    public RunPauses(RunStore runs) {
        this.runs = runs;
    }

    public boolean isPaused(RunId run) {
        String id = run.value();
        return !resumedHere.contains(id) && (pausedHere.contains(id) || paused.contains(id));
    }

    /** Marks a pause or resume made by this replica (RunService), effective at once. */
    public void changedHere(RunId run, boolean nowPaused) {
        if (nowPaused) {
            resumedHere.remove(run.value());
            pausedHere.add(run.value());
        } else {
            pausedHere.remove(run.value());
            resumedHere.add(run.value());
        }
    }

    @Scheduled(every = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refresh() {
        Set<String> before = Set.copyOf(pausedHere);
        Set<String> resumedBefore = Set.copyOf(resumedHere);
        return runs.paused().invoke((List<RunId> ids) -> {
            Set<String> now = new HashSet<>();
            ids.forEach(i -> now.add(i.value()));
            paused = Set.copyOf(now);
            // what the table now shows replaces what this replica did before the query started
            pausedHere.removeAll(before);
            resumedHere.removeAll(resumedBefore);
        }).replaceWithVoid().onFailure().recoverWithNull().replaceWithVoid();
    }
}
