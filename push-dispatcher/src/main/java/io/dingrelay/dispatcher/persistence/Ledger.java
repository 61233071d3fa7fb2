package io.dingrelay.dispatcher.persistence;

import io.dingrelay.events.ids.RunId;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The delivery ledger ({@code deliveries}): one row per run and group, the source of exactly-once in effect. Every
 * statement works on many rows at once (arrays unnested server-side), because a run has hundreds of thousands.
 */
@ApplicationScoped
public class Ledger {

    private final Pool pool;

    public Ledger(Pool pool) {
        this.pool = pool;
    }

    /** A planned row. */
    public record Planned(String groupId, String batchId, String kind) {
    }

    /**
     * What one claimed delivery came to.
     *
     * @param attemptUsed false when the claim did not use up an attempt (THROTTLED: deferred by a budget or a ban, its
     *                    run paused, or DingTalk throttled it): the claim's {@code attempts + 1} is taken back
     */
    public record Answer(String groupId, LedgerStatus status, String code, String message, Instant nextAttemptAt, boolean attemptUsed) {

        /** An answer of an attempt that counts. */
        public Answer(String groupId, LedgerStatus status, String code, String message, Instant nextAttemptAt) {
            this(groupId, status, code, message, nextAttemptAt, true);
        }
    }

    /** A claimed delivery and its attempt number (1 for the first). */
    public record Claim(String groupId, int attempt) {
    }

    /** One row for the deliveries API. */
    public record DeliveryRow(String groupId, String kind, String status, int attempts, String lastCode, String lastMessage,
                       Instant deliveredAt, Instant updatedAt) {
    }

    /** Writes PLANNED rows; rows already there (a planner that took over) are left as they are. */
    public Uni<Integer> insertPlanned(RunId run, List<Planned> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        String[] groups = new String[rows.size()];
        String[] batches = new String[rows.size()];
        String[] kinds = new String[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            groups[i] = rows.get(i).groupId();
            batches[i] = rows.get(i).batchId();
            kinds[i] = rows.get(i).kind();
        }
        return pool.preparedQuery("INSERT INTO deliveries (run_id, group_id, batch_id, kind) "
                        + "SELECT $1, g, b, k FROM unnest($2::text[], $3::text[], $4::text[]) AS t(g, b, k) ON CONFLICT DO NOTHING")
                .execute(Tuple.of(run.value(), groups, batches, kinds))
                .map(r -> r.rowCount());
    }

    /**
     * Claims the given deliveries for sending: those PLANNED, THROTTLED or RETRY_SCHEDULED, and those SENDING for
     * longer than {@code lease} (their sender died). Anything else (DELIVERED above all) is not returned, so it is
     * not sent again — whatever Kafka redelivers.
     */
    public Uni<List<Claim>> claim(RunId run, List<String> groupIds, Duration lease) {
        return pool.preparedQuery("UPDATE deliveries SET status = 'SENDING', attempts = attempts + 1, updated_at = now() "
                        + "WHERE run_id = $1 AND group_id = ANY($2) AND (status IN ('PLANNED', 'THROTTLED', 'RETRY_SCHEDULED') "
                        + "OR (status = 'SENDING' AND updated_at < now() - make_interval(secs => $3))) RETURNING group_id, attempts")
                .execute(Tuple.of(run.value(), groupIds.toArray(String[]::new), (double) lease.toMillis() / 1000))
                .map(rows -> {
                    List<Claim> out = new ArrayList<>(rows.size());
                    rows.forEach(r -> out.add(new Claim(r.getString("group_id"), r.getInteger("attempts"))));
                    return out;
                });
    }

    /**
     * Of the given deliveries, those SENDING under someone else's claim (a live sender's, or a dead one's until the
     * lease runs out), with the instant their claim can be taken over: {@code updated_at + lease}.
     */
    public Uni<Map<String, Instant>> heldSending(RunId run, List<String> groupIds, Duration lease) {
        return pool.preparedQuery("SELECT group_id, updated_at FROM deliveries WHERE run_id = $1 AND group_id = ANY($2) "
                        + "AND status = 'SENDING'")
                .execute(Tuple.of(run.value(), groupIds.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, Instant> out = new HashMap<>();
                    rows.forEach(r -> out.put(r.getString("group_id"), r.getOffsetDateTime("updated_at").toInstant().plus(lease)));
                    return out;
                });
    }

    /** Records answers of claimed (SENDING) deliveries. */
    public Uni<Integer> record(RunId run, List<Answer> answers) {
        if (answers.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        int n = answers.size();
        String[] groups = new String[n];
        String[] statuses = new String[n];
        String[] codes = new String[n];
        String[] messages = new String[n];
        OffsetDateTime[] next = new OffsetDateTime[n];
        Integer[] giveBack = new Integer[n];
        for (int i = 0; i < n; i++) {
            Answer a = answers.get(i);
            groups[i] = a.groupId();
            statuses[i] = a.status().name();
            codes[i] = a.code();
            messages[i] = a.message() == null ? null : a.message().length() > 500 ? a.message().substring(0, 500) : a.message();
            next[i] = CampaignStore.offset(a.nextAttemptAt());
            giveBack[i] = a.attemptUsed() ? 0 : 1;
        }
        return pool.preparedQuery("UPDATE deliveries d SET status = t.s, last_code = t.c, last_message = t.m, next_attempt_at = t.n, "
                        + "attempts = greatest(d.attempts - t.b, 0), "
                        + "delivered_at = CASE WHEN t.s = 'DELIVERED' THEN now() ELSE d.delivered_at END, updated_at = now() "
                        + "FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::int[]) AS t(g, s, c, m, n, b) "
                        + "WHERE d.run_id = $1 AND d.group_id = t.g AND d.status = 'SENDING'")
                .execute(Tuple.tuple(Arrays.asList(run.value(), groups, statuses, codes, messages, next, giveBack)))
                .map(r -> r.rowCount());
    }

    /** Deliveries per state, and how many were delivered in the last minute. */
    public Uni<Counts> counts(RunId run) {
        return pool.preparedQuery("SELECT status, count(*) AS n, count(*) FILTER (WHERE delivered_at > now() - interval '60 seconds') AS recent "
                        + "FROM deliveries WHERE run_id = $1 GROUP BY status")
                .execute(Tuple.of(run.value()))
                .map(rows -> {
                    Map<LedgerStatus, Long> by = new EnumMap<>(LedgerStatus.class);
                    long recent = 0;
                    for (Row r : rows) {
                        by.put(LedgerStatus.valueOf(r.getString("status")), r.getLong("n"));
                        recent += r.getLong("recent");
                    }
                    return new Counts(by, recent);
                });
    }

    /** A page of a run's deliveries in group id order, optionally of one state. */
    public Uni<List<DeliveryRow>> page(RunId run, LedgerStatus status, String after, int limit) {
        return pool.preparedQuery("SELECT group_id, kind, status, attempts, last_code, last_message, delivered_at, updated_at "
                        + "FROM deliveries WHERE run_id = $1 AND ($2::text IS NULL OR status = $2) AND ($3::text IS NULL OR group_id > $3) "
                        + "ORDER BY group_id LIMIT $4")
                .execute(Tuple.of(run.value(), status == null ? null : status.name(), after, limit))
                .map(rows -> {
                    List<DeliveryRow> out = new ArrayList<>();
                    rows.forEach(r -> out.add(new DeliveryRow(r.getString("group_id"), r.getString("kind"), r.getString("status"),
                            r.getInteger("attempts"), r.getString("last_code"), r.getString("last_message"),
                            CampaignStore.instant(r, "delivered_at"), CampaignStore.instant(r, "updated_at"))));
                    return out;
                });
    }

    /** A run's deliveries per ledger state. */
    public record Counts(Map<LedgerStatus, Long> byStatus, long deliveredLastMinute) {

        public long of(LedgerStatus s) {
            return byStatus.getOrDefault(s, 0L);
        }

        public long total() {
            return byStatus.values().stream().mapToLong(Long::longValue).sum();
        }

        public long pending() {
            return LedgerStatus.PENDING.stream().mapToLong(this::of).sum();
        }

        public Map<String, Long> asMap() {
            Map<String, Long> m = new HashMap<>();
            for (LedgerStatus s : LedgerStatus.values()) {
                m.put(s.name(), of(s));
            }
            return m;
        }
    }
}
