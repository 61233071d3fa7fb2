package io.dingrelay.dispatcher.persistence;

import io.dingrelay.events.ids.RunId;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The ledger statements of a replay ({@code POST /api/runs/{runId}/replay}). A replay hands deliveries back to the
 * normal path: their rows go from FAILED / DEAD_LETTERED to PLANNED (attempts from 0), so the senders' claim
 * ({@link Ledger#claim}) takes them when their batch arrives.
 *
 * <p>That one conditional UPDATE is what stops a replay from sending twice: a second replay of the same set while the
 * first is pending finds the rows PLANNED, SENDING or DELIVERED, not FAILED / DEAD_LETTERED, and resets nothing; a
 * batch published twice (or a Kafka offset reset) finds them SENDING or DELIVERED and the claim skips them.
 */
@ApplicationScoped
public class ReplayLedger {

    private final Pool pool;

    public ReplayLedger(Pool pool) {
        this.pool = pool;
    }

    /**
     * Which deliveries of a run to replay; null / empty = any.
     *
     * @param statuses FAILED and/or DEAD_LETTERED (never empty)
     * @param codes    the last errcode (or failure name) is one of these
     * @param from     the last attempt's answer at or after this
     * @param to       ... and before this
     * @param groupIds only these groups
     */
    public record Filter(List<LedgerStatus> statuses, List<String> codes, Instant from, Instant to, List<String> groupIds) {
    }

    /** A reset row: what it was before, to put it back should the replay not be published. */
    public record Reset(String groupId, String kind, String oldStatus, int oldAttempts) {
    }

    /**
     * Resets the matching rows to PLANNED and, in the same transaction, re-opens a FINISHED run (SENDING, no finish
     * time), so the progress reporter closes it again once the replayed deliveries are settled.
     */
    public Uni<List<Reset>> reset(RunId run, Filter f) {
        String[] statuses = f.statuses().stream().map(Enum::name).toArray(String[]::new);
        String[] codes = f.codes() == null || f.codes().isEmpty() ? null : f.codes().toArray(String[]::new);
        String[] groups = f.groupIds() == null || f.groupIds().isEmpty() ? null : f.groupIds().toArray(String[]::new);
        return pool.withTransaction(c -> c.preparedQuery(
                        "WITH picked AS (SELECT group_id, status AS old_status, attempts AS old_attempts FROM deliveries "
                                + "WHERE run_id = $1 AND status = ANY($2) AND ($3::text[] IS NULL OR last_code = ANY($3)) "
                                + "AND ($4::timestamptz IS NULL OR updated_at >= $4) AND ($5::timestamptz IS NULL OR updated_at < $5) "
                                + "AND ($6::text[] IS NULL OR group_id = ANY($6)) FOR UPDATE) "
                                + "UPDATE deliveries d SET status = 'PLANNED', attempts = 0, next_attempt_at = NULL, updated_at = now() "
                                + "FROM picked p WHERE d.run_id = $1 AND d.group_id = p.group_id "
                                + "RETURNING d.group_id, d.kind, p.old_status, p.old_attempts")
                .execute(Tuple.tuple(Arrays.asList(run.value(), statuses, codes, CampaignStore.offset(f.from()),
                        CampaignStore.offset(f.to()), groups)))
                .chain(rows -> {
                    List<Reset> out = new ArrayList<>(rows.size());
                    rows.forEach(r -> out.add(new Reset(r.getString("group_id"), r.getString("kind"), r.getString("old_status"),
                            r.getInteger("old_attempts"))));
                    if (out.isEmpty()) {
                        return Uni.createFrom().item(out);
                    }
                    return c.preparedQuery("UPDATE runs SET status = 'SENDING', finished_at = NULL, duration_ms = NULL "
                                    + "WHERE id = $1 AND status = 'FINISHED'")
                            .execute(Tuple.of(run.value()))
                            .replaceWith(out);
                }));
    }

    /**
     * Puts rows a replay reset back as they were (their group is gone from the registry, or publishing failed) —
     * only those still PLANNED: a row a sender already claimed stays with the sender.
     */
    public Uni<Integer> restore(RunId run, List<Reset> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        String[] groups = new String[rows.size()];
        String[] statuses = new String[rows.size()];
        Integer[] attempts = new Integer[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            groups[i] = rows.get(i).groupId();
            statuses[i] = rows.get(i).oldStatus();
            attempts[i] = rows.get(i).oldAttempts();
        }
        return pool.preparedQuery("UPDATE deliveries d SET status = t.s, attempts = t.a, updated_at = now() "
                        + "FROM unnest($2::text[], $3::text[], $4::int[]) AS t(g, s, a) "
                        + "WHERE d.run_id = $1 AND d.group_id = t.g AND d.status = 'PLANNED'")
                .execute(Tuple.of(run.value(), groups, statuses, attempts))
                .map(r -> r.rowCount());
    }
}
