package io.dingrelay.dispatcher.progress;

import io.dingrelay.dispatcher.persistence.Ledger;
import io.dingrelay.dispatcher.persistence.LedgerStatus;
import io.dingrelay.dispatcher.persistence.RunStore;
import io.dingrelay.dispatcher.service.Run;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * While a run is active, every {@code dingrelay.push.progress-interval} (5 s): one log line with its counts, rate and
 * ETA; its counts in the gauges {@code dingrelay_push_run_deliveries{run,status}} (the same numbers as
 * {@code GET /api/runs/{id}}); and when nothing is pending any more, the run is closed (FINISHED, its duration
 * recorded in {@code dingrelay_push_run_duration_seconds}). Closing is a conditional UPDATE, so with several replicas
 * exactly one closes it.
 */
@ApplicationScoped
public class ProgressReporter {

    private static final Logger LOG = Logger.getLogger(ProgressReporter.class);
    /** Gauges of this many recent runs are kept; older ones are removed so the scrape stays small. */
    private static final int KEPT_RUNS = 20;

    private final RunStore runs;
    private final Ledger ledger;
    private final MeterRegistry meters;
    private final Timer durations;
    private final Map<String, Map<LedgerStatus, AtomicLong>> gauges = new LinkedHashMap<>();

    public ProgressReporter(RunStore runs, Ledger ledger, MeterRegistry meters) {
        this.runs = runs;
        this.ledger = ledger;
        this.meters = meters;
        this.durations = Timer.builder("dingrelay.push.run.duration").description("Time from a run's start to its last delivery")
                .register(meters);
    }

    @Scheduled(every = "${dingrelay.push.progress-interval:5s}", delayed = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> report() {
        return runs.active()
                .chain(active -> Multi.createFrom().iterable(active)
                        .onItem().transformToUniAndConcatenate(this::report)
                        .collect().last())
                .replaceWithVoid()
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("Progress report failed: %s", e.getMessage());
                    return null;
                });
    }

    private Uni<Void> report(Run run) {
        return ledger.counts(run.id()).chain(counts -> {
            RunProgress p = RunProgress.of(run, counts);
            update(run.id().value(), counts);
            if (run.status().equals("SENDING") && counts.pending() == 0) {
                return runs.finish(run.id()).chain(closed -> closed ? runs.find(run.id()) : Uni.createFrom().item(java.util.Optional.<Run>empty()))
                        .invoke(done -> done.ifPresent(r -> {
                            durations.record(Duration.ofMillis(r.durationMs() == null ? 0 : r.durationMs()));
                            LOG.infof("Run %s finished: %d delivered, %d failed, %d dead-lettered of %d in %.1f s", r.id().value(),
                                    p.delivered(), p.failed(), p.deadLettered(), p.total(), r.durationMs() / 1000.0);
                        }))
                        .replaceWithVoid();
            }
            LOG.infof("Run %s %s: %d/%d delivered, %d failed, %d throttled, %d retrying, %d pending, %d dead-lettered, %.1f/s over the last minute, ETA %s",
                    run.id().value(), run.status(), p.delivered(), p.total(), p.failed(), p.throttled(), p.retryScheduled(), p.pending(),
                    p.deadLettered(), p.ratePerSecond(), p.etaSeconds() == null ? "unknown" : p.etaSeconds() + " s");
            return Uni.createFrom().voidItem();
        });
    }

    private synchronized void update(String runId, Ledger.Counts counts) {
        Map<LedgerStatus, AtomicLong> g = gauges.get(runId);
        if (g == null) {
            g = new EnumMap<>(LedgerStatus.class);
            for (LedgerStatus s : LedgerStatus.values()) {
                AtomicLong v = new AtomicLong();
                g.put(s, v);
                Gauge.builder("dingrelay.push.run.deliveries", v, AtomicLong::get)
                        .description("A recent run's deliveries per ledger state").tags(Tags.of("run", runId, "status", s.name()))
                        .register(meters);
            }
            gauges.put(runId, g);
            if (gauges.size() > KEPT_RUNS) {
                String oldest = gauges.keySet().iterator().next();
                gauges.remove(oldest);
                for (LedgerStatus s : LedgerStatus.values()) {
                    var gauge = meters.find("dingrelay.push.run.deliveries").tags("run", oldest, "status", s.name()).gauge();
                    if (gauge != null) {
                        meters.remove(gauge);
                    }
                }
            }
        }
        for (LedgerStatus s : LedgerStatus.values()) {
            g.get(s).set(counts.of(s));
        }
    }
}
