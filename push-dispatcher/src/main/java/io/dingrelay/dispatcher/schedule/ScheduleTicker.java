package io.dingrelay.dispatcher.schedule;

import io.dingrelay.dispatcher.config.PushConfig;
import io.dingrelay.dispatcher.persistence.CampaignStore;
import io.dingrelay.dispatcher.persistence.RunStore;
import io.dingrelay.dispatcher.planning.Planner;
import io.dingrelay.dispatcher.service.Campaign;
import io.dingrelay.dispatcher.service.DashboardImages;
import io.dingrelay.events.ids.RunId;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Every replica's clock for the campaigns' schedules, and the planners' supervisor, on one tick
 * ({@code dingrelay.push.tick}, 2 s):
 * <ul>
 *   <li><b>Fire due slots.</b> For each ACTIVE scheduled campaign, the latest fire time at or before now (in its
 *       zone) that is not older than the campaign's {@code active_since}. Every replica tries to INSERT that slot's
 *       run; the unique index {@code runs_one_per_schedule_slot} lets exactly one succeed, and only that replica
 *       plans it. No lock that could be lost: the row is the decision.</li>
 *   <li><b>Missed fires.</b> A slot found later than the campaign's grace (every replica was down at the fire time)
 *       is inserted as a MISSED run with the reason, so it is visible and never run late. Only the latest slot is
 *       looked at: earlier missed slots of the same outage are not listed one by one.</li>
 *   <li><b>Pre-render.</b> A campaign with a dashboard asks for its render {@code prerender.lead} before each fire
 *       time ({@link DashboardImages#request}), so the picture is ready when the run is planned.</li>
 *   <li><b>Supervise planning.</b> Heartbeat this replica's plans; take over plans whose planner went silent for
 *       {@code plannerLease} (or that nobody started).</li>
 * </ul>
 */
@ApplicationScoped
public class ScheduleTicker {

    private static final Logger LOG = Logger.getLogger(ScheduleTicker.class);

    private final CampaignStore campaigns;
    private final RunStore runs;
    private final Planner planner;
    private final PushConfig config;
    private final DashboardImages dashboards;
    /** The slot last handled per campaign on this replica: saves an INSERT per campaign and tick. */
    private final Map<String, Instant> handled = new ConcurrentHashMap<>();

    public ScheduleTicker(CampaignStore campaigns, RunStore runs, Planner planner, PushConfig config, DashboardImages dashboards) {
        this.campaigns = campaigns;
        this.runs = runs;
        this.planner = planner;
        this.config = config;
        this.dashboards = dashboards;
    }

    @Scheduled(every = "${dingrelay.push.tick:2s}", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        return superviseAndFire(Instant.now());
    }

    /** One tick at {@code now}; visible for tests. */
    public Uni<Void> superviseAndFire(Instant now) {
        return planner.heartbeat()
                .chain(() -> runs.orphanedPlans(config.plannerLease()))
                .invoke(orphans -> orphans.forEach(id -> {
                    LOG.infof("Run %s has no live planner; planning it here", id.value());
                    planner.startInBackground(id);
                }))
                .chain(() -> campaigns.scheduled())
                .chain(list -> Multi.createFrom().iterable(list)
                        .onItem().transformToUniAndConcatenate(c -> prerender(c, now).chain(() -> fire(c, now)))
                        .collect().last())
                .replaceWithVoid()
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("Schedule tick failed: %s", e.getMessage());
                    return null;
                });
    }

    /**
     * Asks for the dashboard render of the campaign's next fire time once it is {@code prerender.lead} or less away
     * (a request per replica at most; the worker renders one picture for them all). A failure is logged: the run
     * asks again when it fires.
     */
    private Uni<Void> prerender(Campaign c, Instant now) {
        if (c.dashboardId() == null) {
            return Uni.createFrom().voidItem();
        }
        Optional<Instant> next;
        try {
            next = Cron.parse(c.schedule().cron(), ZoneId.of(c.schedule().zone())).nextFireAfter(now);
        } catch (RuntimeException e) {
            return Uni.createFrom().voidItem();
        }
        if (next.isEmpty() || Duration.between(now, next.get()).compareTo(config.prerender().lead()) > 0) {
            return Uni.createFrom().voidItem();
        }
        return dashboards.request(c.dashboardId(), next.get())
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("Campaign %s: could not request dashboard %s for %s: %s", c.id().value(), c.dashboardId(), next.get(),
                            e.getMessage());
                    return null;
                });
    }

    private Uni<Void> fire(Campaign c, Instant now) {
        Optional<Instant> last;
        try {
            last = Cron.parse(c.schedule().cron(), ZoneId.of(c.schedule().zone())).lastFireAtOrBefore(now);
        } catch (RuntimeException e) {
            return Uni.createFrom().voidItem(); // validated at creation; a cron library upgrade must not stop the others
        }
        if (last.isEmpty() || last.get().isBefore(c.activeSince()) || last.get().equals(handled.get(c.id().value()))) {
            return Uni.createFrom().voidItem();
        }
        Instant slot = last.get();
        Duration late = Duration.between(slot, now);
        String missed = late.compareTo(c.schedule().grace()) > 0
                ? "fire time " + slot + " found " + late.toSeconds() + " s late, over the grace of " + c.schedule().grace().toSeconds() + " s"
                : null;
        return runs.createScheduled(RunId.of(UUID.randomUUID().toString()), c.id(), slot, missed)
                .invoke(created -> {
                    handled.put(c.id().value(), slot);
                    created.ifPresent(run -> {
                        if (missed == null) {
                            LOG.infof("Campaign %s fires for %s: run %s", c.id().value(), slot, run.id().value());
                            planner.startInBackground(run.id());
                        } else {
                            LOG.warnf("Campaign %s: %s; recorded as MISSED (run %s)", c.id().value(), missed, run.id().value());
                        }
                    });
                })
                .replaceWithVoid();
    }
}
