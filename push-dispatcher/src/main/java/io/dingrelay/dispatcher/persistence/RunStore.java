package io.dingrelay.dispatcher.persistence;

import io.dingrelay.dispatcher.service.Run;
import io.dingrelay.events.ids.CampaignId;
import io.dingrelay.events.ids.RunId;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The {@code runs} table. Two rules keep a run single however many replicas are up: a run is created by an INSERT
 * that a unique index lets succeed once (per schedule slot, per idempotency key), and planning is claimed by a
 * conditional UPDATE on the planner's heartbeat, so a replica that dies while planning is replaced, not joined.
 */
@ApplicationScoped
public class RunStore {

    private static final String COLUMNS = "id, campaign_id, trigger, scheduled_for, status, total, idempotency_key, "
            + "batches_published, created_at, started_at, planned_at, finished_at, duration_ms, reason, pause_reason, paused_at";

    private final Pool pool;

    public RunStore(Pool pool) {
        this.pool = pool;
    }

    /**
     * A MANUAL run; with an idempotency key, the run already created with that key for this campaign if there is
     * one ({@code created} false then).
     */
    public Uni<Created> createManual(RunId id, CampaignId campaign, String idempotencyKey) {
        String sql = "INSERT INTO runs (id, campaign_id, trigger, scheduled_for, idempotency_key) VALUES ($1, $2, 'MANUAL', now(), $3) "
                + (idempotencyKey == null ? "" : "ON CONFLICT (campaign_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING ")
                + "RETURNING " + COLUMNS;
        return pool.preparedQuery(sql).execute(Tuple.of(id.value(), campaign.value(), idempotencyKey))
                .chain(rows -> rows.size() > 0 ? Uni.createFrom().item(new Created(read(rows.iterator().next()), true))
                        : pool.preparedQuery("SELECT " + COLUMNS + " FROM runs WHERE campaign_id = $1 AND idempotency_key = $2")
                                .execute(Tuple.of(campaign.value(), idempotencyKey))
                                .map(existing -> new Created(read(existing.iterator().next()), false)));
    }

    /**
     * The run of a schedule slot, if this replica is the first to create it (empty otherwise). {@code missedReason}
     * non-null records the slot as MISSED instead.
     */
    public Uni<Optional<Run>> createScheduled(RunId id, CampaignId campaign, Instant slot, String missedReason) {
        return pool.preparedQuery("INSERT INTO runs (id, campaign_id, trigger, scheduled_for, status, reason, finished_at) "
                        + "VALUES ($1, $2, 'SCHEDULE', $3, $4, $5, $6) "
                        + "ON CONFLICT (campaign_id, scheduled_for) WHERE trigger = 'SCHEDULE' DO NOTHING RETURNING " + COLUMNS)
                .execute(Tuple.tuple(Arrays.asList(id.value(), campaign.value(), CampaignStore.offset(slot),
                        missedReason == null ? "PLANNING" : "MISSED", missedReason,
                        missedReason == null ? null : CampaignStore.offset(Instant.now()))))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(read(rows.iterator().next())));
    }

    /**
     * Claims a PLANNING run for {@code planner}: unclaimed, already this planner's, or its planner silent for longer
     * than {@code lease}. Empty when another live planner has it or it is no longer planning.
     */
    public Uni<Optional<Run>> claimPlanning(RunId id, String planner, Duration lease) {
        return pool.preparedQuery("UPDATE runs SET planner_id = $2, planner_heartbeat = now(), started_at = coalesce(started_at, now()) "
                        + "WHERE id = $1 AND status = 'PLANNING' AND (planner_id IS NULL OR planner_id = $2 "
                        + "OR planner_heartbeat < now() - make_interval(secs => $3)) RETURNING " + COLUMNS)
                .execute(Tuple.of(id.value(), planner, (double) lease.toMillis() / 1000))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(read(rows.iterator().next())));
    }

    /** PLANNING runs nobody is planning: never claimed for {@code lease}, or their planner silent for as long. */
    public Uni<List<RunId>> orphanedPlans(Duration lease) {
        return pool.preparedQuery("SELECT id FROM runs WHERE status = 'PLANNING' AND coalesce(planner_heartbeat, created_at) "
                        + "< now() - make_interval(secs => $1)")
                .execute(Tuple.of((double) lease.toMillis() / 1000))
                .map(rows -> {
                    List<RunId> ids = new ArrayList<>();
                    rows.forEach(r -> ids.add(RunId.of(r.getString("id"))));
                    return ids;
                });
    }

    /** This planner is alive; false when it lost the run to another (then it must stop). */
    public Uni<Boolean> heartbeat(RunId id, String planner, int batchesPublished) {
        return pool.preparedQuery("UPDATE runs SET planner_heartbeat = now(), batches_published = greatest(batches_published, $3) "
                        + "WHERE id = $1 AND planner_id = $2 AND status = 'PLANNING'")
                .execute(Tuple.of(id.value(), planner, batchesPublished))
                .map(rows -> rows.rowCount() == 1);
    }

    /** The planner {@code planner} is alive and still planning {@code runIds}. */
    public Uni<Void> heartbeatAll(String planner, List<String> runIds) {
        return pool.preparedQuery("UPDATE runs SET planner_heartbeat = now() WHERE planner_id = $1 AND status = 'PLANNING' AND id = ANY($2)")
                .execute(Tuple.of(planner, runIds.toArray(String[]::new))).replaceWithVoid();
    }

    /** Planning done: the ledger holds every target and every batch is on push.batches. */
    public Uni<Boolean> planned(RunId id, String planner, int total, int batches) {
        // a run paused while planning (quota, operator) becomes PAUSED instead of SENDING
        return pool.preparedQuery("UPDATE runs SET status = CASE WHEN pause_reason IS NULL THEN 'SENDING' ELSE 'PAUSED' END, "
                        + "total = $3, batches_published = $4, planned_at = now() "
                        + "WHERE id = $1 AND planner_id = $2 AND status = 'PLANNING'")
                .execute(Tuple.of(id.value(), planner, total, batches))
                .map(rows -> rows.rowCount() == 1);
    }

    /**
     * Pauses a PLANNING, SENDING (or already PAUSED) run with {@code reason}; a SENDING run becomes PAUSED. Answers
     * whether this call paused it (false: unknown, ended, or paused already — the first reason stays).
     */
    public Uni<Boolean> pause(RunId id, String reason) {
        return pool.preparedQuery("UPDATE runs SET pause_reason = $2, paused_at = now(), "
                        + "status = CASE WHEN status = 'SENDING' THEN 'PAUSED' ELSE status END "
                        + "WHERE id = $1 AND status IN ('PLANNING', 'SENDING', 'PAUSED') AND pause_reason IS NULL")
                .execute(Tuple.of(id.value(), reason.length() > 300 ? reason.substring(0, 300) : reason))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Resumes a paused run (PAUSED → SENDING, the reason cleared); answers whether it was paused. */
    public Uni<Boolean> resume(RunId id) {
        return pool.preparedQuery("UPDATE runs SET pause_reason = NULL, paused_at = NULL, "
                        + "status = CASE WHEN status = 'PAUSED' THEN 'SENDING' ELSE status END "
                        + "WHERE id = $1 AND pause_reason IS NOT NULL")
                .execute(Tuple.of(id.value()))
                .map(rows -> rows.rowCount() == 1);
    }

    /** The ids of every paused run (the senders' cache of them). */
    public Uni<List<RunId>> paused() {
        return pool.query("SELECT id FROM runs WHERE pause_reason IS NOT NULL").execute()
                .map(rows -> {
                    List<RunId> ids = new ArrayList<>();
                    rows.forEach(r -> ids.add(RunId.of(r.getString("id"))));
                    return ids;
                });
    }

    /** Closes a SENDING run once (the first replica to see it done); answers whether this call closed it. */
    public Uni<Boolean> finish(RunId id) {
        return pool.preparedQuery("UPDATE runs SET status = 'FINISHED', finished_at = now(), "
                        + "duration_ms = (extract(epoch FROM now() - coalesce(started_at, created_at)) * 1000)::bigint "
                        + "WHERE id = $1 AND status = 'SENDING'")
                .execute(Tuple.of(id.value()))
                .map(rows -> rows.rowCount() == 1);
    }

    public Uni<Optional<Run>> find(RunId id) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM runs WHERE id = $1").execute(Tuple.of(id.value()))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(read(rows.iterator().next())));
    }

    public Uni<List<Run>> ofCampaign(CampaignId campaign, int limit) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM runs WHERE campaign_id = $1 ORDER BY created_at DESC LIMIT $2")
                .execute(Tuple.of(campaign.value(), limit)).map(RunStore::readAll);
    }

    /** Runs still planning, sending or paused. */
    public Uni<List<Run>> active() {
        return pool.query("SELECT " + COLUMNS + " FROM runs WHERE status IN ('PLANNING', 'SENDING', 'PAUSED')").execute().map(RunStore::readAll);
    }

    private static List<Run> readAll(RowSet<Row> rows) {
        List<Run> out = new ArrayList<>();
        rows.forEach(r -> out.add(read(r)));
        return out;
    }

    private static Run read(Row r) {
        return new Run(RunId.of(r.getString("id")), io.dingrelay.events.ids.CampaignId.of(r.getString("campaign_id")),
                r.getString("trigger"), CampaignStore.instant(r, "scheduled_for"), r.getString("status"), r.getInteger("total"),
                r.getString("idempotency_key"), r.getInteger("batches_published"), CampaignStore.instant(r, "created_at"),
                CampaignStore.instant(r, "started_at"), CampaignStore.instant(r, "planned_at"), CampaignStore.instant(r, "finished_at"),
                r.getLong("duration_ms"), r.getString("reason"), r.getString("pause_reason"), CampaignStore.instant(r, "paused_at"));
    }

    /** A run and whether this request created it (false: the idempotency key's earlier run). */
    public record Created(Run run, boolean created) {
    }
}
