package io.dingrelay.registry.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Ids of events already applied (table {@code processed_events}), claimed in the same transaction as their effect:
 * at-least-once transport, exactly-once effect.
 */
@ApplicationScoped
public class ProcessedEvents {

    private static final String CLAIM = """
            INSERT INTO processed_events (event_id, source_topic)
            SELECT unnest($1::text[]), $2
            ON CONFLICT (event_id) DO NOTHING
            RETURNING event_id""";

    /** Records the ids; answers those not seen before (the ones to apply). */
    public Uni<Set<String>> claim(SqlConnection conn, List<String> ids, String topic) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return conn.preparedQuery(CLAIM).execute(Tuple.of(ids.toArray(String[]::new), topic)).map(rows -> {
            Set<String> fresh = new HashSet<>();
            for (Row row : rows) {
                fresh.add(row.getString(0));
            }
            return fresh;
        });
    }
}
