package io.dingrelay.screenshot.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/** Which picture shows which dashboard at which data version and size; the key of "render once". */
@ApplicationScoped
public class RenderRepository {

    /**
     * @param dashboardId  the dashboard
     * @param dataVersion  {@code v<dashboard version>.r<dataset revision>}, or for external pages
     *                     {@code v<n>.f<fire time>} / {@code v<n>.t<minute>}
     * @param width        CSS pixels
     * @param height       CSS pixels
     * @param sha256       the PNG's hash (its file name)
     * @param bytes        PNG size
     * @param renderMillis how long the render took
     * @param renderedAt   when
     */
    public record RenderRow(String dashboardId, String dataVersion, int width, int height, String sha256, long bytes,
            long renderMillis, Instant renderedAt) {
    }

    private final Pool pool;

    public RenderRepository(Pool pool) {
        this.pool = pool;
    }

    /** The render of this key, touching its last use (retention counts from there). */
    public Uni<Optional<RenderRow>> findAndTouch(String dashboardId, String dataVersion, int width, int height) {
        return pool.preparedQuery("""
                UPDATE renders SET last_used_at = now()
                WHERE dashboard_id = $1 AND data_version = $2 AND width = $3 AND height = $4
                RETURNING dashboard_id, data_version, width, height, sha256, bytes, render_millis, rendered_at""")
                .execute(Tuple.of(dashboardId, dataVersion, width, height))
                .map(RenderRepository::first);
    }

    /**
     * Records a render. When the key is there already (a render raced this one, or a forced re-render), {@code
     * replace} decides whether the new picture wins; the row kept is returned.
     */
    public Uni<RenderRow> save(RenderRow r, boolean replace) {
        String conflict = replace
                ? "DO UPDATE SET sha256 = EXCLUDED.sha256, bytes = EXCLUDED.bytes, render_millis = EXCLUDED.render_millis, "
                        + "rendered_at = EXCLUDED.rendered_at, last_used_at = now()"
                : "DO UPDATE SET last_used_at = now()";
        return pool.preparedQuery("""
                INSERT INTO renders (dashboard_id, data_version, width, height, sha256, bytes, render_millis, rendered_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                ON CONFLICT (dashboard_id, data_version, width, height) """ + conflict + """
                 RETURNING dashboard_id, data_version, width, height, sha256, bytes, render_millis, rendered_at""")
                .execute(DashboardRepository.tuple(r.dashboardId(), r.dataVersion(), r.width(), r.height(), r.sha256(),
                        r.bytes(), r.renderMillis(), r.renderedAt().atOffset(java.time.ZoneOffset.UTC)))
                .map(rows -> first(rows).orElseThrow());
    }

    /**
     * Deletes renders not used since {@code cutoff}, except the newest render of each dashboard (the picture a
     * group would get if the data never changed again); returns how many rows went.
     */
    public Uni<Integer> deleteUnusedSince(Instant cutoff) {
        return pool.preparedQuery("""
                DELETE FROM renders r WHERE r.last_used_at < $1
                  AND r.rendered_at < (SELECT max(x.rendered_at) FROM renders x WHERE x.dashboard_id = r.dashboard_id)""")
                .execute(Tuple.of(cutoff.atOffset(java.time.ZoneOffset.UTC)))
                .map(RowSet::rowCount);
    }

    /** Every image hash still referenced. */
    public Uni<Set<String>> referencedHashes() {
        return pool.query("SELECT DISTINCT sha256 FROM renders").execute()
                .map(rows -> {
                    Set<String> out = new HashSet<>();
                    rows.forEach(r -> out.add(r.getString("sha256")));
                    return out;
                });
    }

    private static Optional<RenderRow> first(RowSet<Row> rows) {
        if (!rows.iterator().hasNext()) {
            return Optional.empty();
        }
        Row r = rows.iterator().next();
        return Optional.of(new RenderRow(r.getString("dashboard_id"), r.getString("data_version"), r.getInteger("width"),
                r.getInteger("height"), r.getString("sha256"), r.getLong("bytes"), r.getLong("render_millis"),
                r.getOffsetDateTime("rendered_at").toInstant()));
    }
}
