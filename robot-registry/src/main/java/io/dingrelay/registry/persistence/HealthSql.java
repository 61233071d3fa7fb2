package io.dingrelay.registry.persistence;

import io.dingrelay.registry.service.HealthState;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Delivery health of groups, loaded (locked) and written set-at-a-time for a batch of outcomes. */
@ApplicationScoped
public class HealthSql {

    private static final String LOAD = """
            SELECT id, status, status_reason, consecutive_failures, failing_since, last_delivered_at, last_error_code,
                   last_outcome, last_outcome_at
              FROM groups WHERE id = ANY($1) FOR UPDATE""";
    private static final String WRITE = """
            UPDATE groups SET status = $2, status_reason = $3, consecutive_failures = $4, failing_since = $5,
                   last_delivered_at = $6, last_error_code = $7, last_outcome = $8, last_outcome_at = $9,
                   updated_at = now()
             WHERE id = $1""";

    public Uni<Map<String, HealthState>> load(SqlConnection conn, List<String> ids) {
        return conn.preparedQuery(LOAD).execute(Tuple.of(ids.toArray(String[]::new))).map(rows -> {
            Map<String, HealthState> out = new HashMap<>();
            for (Row r : rows) {
                HealthState s = new HealthState();
                s.id = r.getString("id");
                s.status = GroupStatus.valueOf(r.getString("status"));
                s.statusReason = r.getString("status_reason");
                s.consecutiveFailures = r.getInteger("consecutive_failures");
                s.failingSince = instant(r.getOffsetDateTime("failing_since"));
                s.lastDeliveredAt = instant(r.getOffsetDateTime("last_delivered_at"));
                s.lastErrorCode = r.getString("last_error_code");
                s.lastOutcome = r.getString("last_outcome");
                s.lastOutcomeAt = instant(r.getOffsetDateTime("last_outcome_at"));
                out.put(s.id, s);
            }
            return out;
        });
    }

    public Uni<Void> write(SqlConnection conn, List<HealthState> states) {
        if (states.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> batch = new ArrayList<>(states.size());
        for (HealthState s : states) {
            batch.add(Tuple.tuple().addString(s.id).addString(s.status.name()).addString(s.statusReason)
                    .addInteger(s.consecutiveFailures).addOffsetDateTime(odt(s.failingSince))
                    .addOffsetDateTime(odt(s.lastDeliveredAt)).addString(s.lastErrorCode).addString(s.lastOutcome)
                    .addOffsetDateTime(odt(s.lastOutcomeAt)));
        }
        return conn.preparedQuery(WRITE).executeBatch(batch).replaceWithVoid();
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    private static OffsetDateTime odt(Instant t) {
        return t == null ? null : t.atOffset(ZoneOffset.UTC);
    }
}
