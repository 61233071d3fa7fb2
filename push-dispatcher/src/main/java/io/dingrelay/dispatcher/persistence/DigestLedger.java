package io.dingrelay.dispatcher.persistence;

import io.dingrelay.events.EventJson;
import io.dingrelay.events.ids.RunId;
import io.dingrelay.events.push.PushMessage;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The ledger's side of a digest (README "Digest"): the message of every digest run ({@code run_messages}), a group's
 * pending deliveries of digest runs, and claiming, settling and releasing the ones a digest merges. Every statement is
 * conditional on the row's state, like {@link Ledger#claim}, so a delivery is merged by one digest at most and a
 * delivery merged into a digest is never sent on its own as well.
 */
@ApplicationScoped
public class DigestLedger {

    /** Runs older than this are not looked at for a digest (the retry schedule's maximum age is 24 h). */
    static final Duration HORIZON = Duration.ofDays(2);

    private final Pool pool;

    public DigestLedger(Pool pool) {
        this.pool = pool;
    }

    /** A pending delivery of another digest run of the same group, with that run's message. */
    public record Pending(RunId run, PushMessage message, Instant firedAt) {
    }

    /** A delivery claimed for a digest and the state it had (to go back to should the digest not be sent). */
    public record Merged(RunId run, PushMessage message, Instant firedAt, String previousStatus, int attempts) {
    }

    /** Writes the message of a digest run, once (a planner taking over finds it there). */
    public Uni<Void> recordRunMessage(RunId run, PushMessage message) {
        return pool.preparedQuery("INSERT INTO run_messages (run_id, message, fired_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
                .execute(Tuple.of(run.value(), new JsonObject(EventJson.write(message)), CampaignStore.offset(message.firedAt())))
                .replaceWithVoid();
    }

    /** How many deliveries of {@code group} in digest runs other than {@code except} wait to be sent (claimable). */
    public Uni<Integer> pendingCount(String group, RunId except) {
        return pool.preparedQuery("SELECT count(*) AS n FROM run_messages m JOIN deliveries d ON d.run_id = m.run_id AND d.group_id = $1 "
                        + "JOIN runs r ON r.id = m.run_id WHERE m.run_id <> $2 AND m.fired_at > now() - make_interval(secs => $3) "
                        + "AND r.status = 'SENDING' AND d.status IN ('PLANNED', 'THROTTLED', 'RETRY_SCHEDULED')")
                .execute(Tuple.of(group, except.value(), (double) HORIZON.toSeconds()))
                .map(rows -> rows.iterator().next().getInteger("n"));
    }

    /**
     * Claims (SENDING) the pending deliveries of {@code group} in digest runs other than {@code except}, oldest fire time
     * first, at most {@code max}. A row another sender claimed meanwhile is not returned.
     */
    public Uni<List<Merged>> claim(String group, RunId except, int max) {
        return pool.preparedQuery("WITH p AS (SELECT d.run_id, d.status FROM run_messages m "
                        + "JOIN deliveries d ON d.run_id = m.run_id AND d.group_id = $1 JOIN runs r ON r.id = m.run_id "
                        + "WHERE m.run_id <> $2 AND m.fired_at > now() - make_interval(secs => $3) AND r.status = 'SENDING' "
                        + "AND d.status IN ('PLANNED', 'THROTTLED', 'RETRY_SCHEDULED') ORDER BY m.fired_at, m.run_id LIMIT $4 "
                        + "FOR UPDATE OF d SKIP LOCKED) "
                        + "UPDATE deliveries d SET status = 'SENDING', updated_at = now() FROM p, run_messages m "
                        + "WHERE d.run_id = p.run_id AND d.group_id = $1 AND m.run_id = p.run_id "
                        + "RETURNING d.run_id, d.attempts, p.status AS previous, m.message, m.fired_at")
                .execute(Tuple.of(group, except.value(), (double) HORIZON.toSeconds(), max))
                .map(rows -> {
                    List<Merged> out = new ArrayList<>(rows.size());
                    rows.forEach(r -> out.add(new Merged(RunId.of(r.getString("run_id")),
                            EventJson.read(r.getJsonObject("message").encode(), PushMessage.class),
                            r.getOffsetDateTime("fired_at").toInstant(), r.getString("previous"), r.getInteger("attempts"))));
                    return out;
                });
    }

    /** The merged deliveries of a digest DingTalk accepted: DELIVERED, an attempt used, {@code code} "digest". */
    public Uni<Integer> delivered(String group, List<RunId> runs, String message) {
        if (runs.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return pool.preparedQuery("UPDATE deliveries SET status = 'DELIVERED', attempts = attempts + 1, last_code = 'digest', "
                        + "last_message = $3, next_attempt_at = NULL, delivered_at = now(), updated_at = now() "
                        + "WHERE group_id = $1 AND run_id = ANY($2) AND status = 'SENDING'")
                .execute(Tuple.of(group, runs.stream().map(RunId::value).toArray(String[]::new), message))
                .map(r -> r.rowCount());
    }

    /**
     * Merged deliveries whose digest was not sent go back to the state they had: each still has its own record on
     * push.batches or a retry topic, which claims it as usual (or, if it came while this claim held it, a held-claim
     * retry record does, DeliverySender#watchHeld).
     */
    public Uni<Integer> release(String group, List<Merged> merged) {
        if (merged.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        String[] runs = merged.stream().map(m -> m.run().value()).toArray(String[]::new);
        String[] states = merged.stream().map(Merged::previousStatus).toArray(String[]::new);
        return pool.preparedQuery("UPDATE deliveries d SET status = t.s, updated_at = now() FROM unnest($2::text[], $3::text[]) AS t(r, s) "
                        + "WHERE d.group_id = $1 AND d.run_id = t.r AND d.status = 'SENDING'")
                .execute(Tuple.of(group, runs, states))
                .map(r -> r.rowCount());
    }
}
