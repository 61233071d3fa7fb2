package io.dingrelay.screenshot.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dingrelay.screenshot.model.ChartSpec;
import io.dingrelay.screenshot.model.Dashboard;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Dashboard definitions in PostgreSQL; charts and labels are kept as JSON text. */
@ApplicationScoped
public class DashboardRepository {

    private static final String COLUMNS =
            "id, title, dataset, charts, external_url, ready_selector, width, height, version, created_at, updated_at";

    /** Stored with the charts: {@code {"charts":[...],"labels":{...}}}. */
    record Layout(List<ChartSpec> charts, Map<String, String> labels) {
    }

    private final Pool pool;
    private final ObjectMapper json;

    public DashboardRepository(Pool pool, ObjectMapper json) {
        this.pool = pool;
        this.json = json;
    }

    /** Inserts; false when the id exists already. */
    public Uni<Boolean> insert(Dashboard d) {
        return pool.preparedQuery("""
                INSERT INTO dashboards (id, title, dataset, charts, external_url, ready_selector, width, height)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING""")
                .execute(tuple(d.id(), d.title(), d.dataset(), layout(d), d.url(), d.readySelector(), d.width(), d.height()))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Replaces the definition and bumps its version; false when it does not exist. */
    public Uni<Boolean> replace(Dashboard d) {
        return pool.preparedQuery("""
                UPDATE dashboards SET title = $2, dataset = $3, charts = $4, external_url = $5, ready_selector = $6,
                  width = $7, height = $8, version = version + 1, updated_at = now() WHERE id = $1""")
                .execute(tuple(d.id(), d.title(), d.dataset(), layout(d), d.url(), d.readySelector(), d.width(), d.height()))
                .map(rows -> rows.rowCount() == 1);
    }

    public Uni<Optional<Dashboard>> find(String id) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM dashboards WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> rows.iterator().hasNext() ? Optional.of(map(rows.iterator().next())) : Optional.empty());
    }

    public Uni<List<Dashboard>> list() {
        return pool.query("SELECT " + COLUMNS + " FROM dashboards ORDER BY id").execute()
                .map(rows -> {
                    List<Dashboard> out = new ArrayList<>();
                    rows.forEach(r -> out.add(map(r)));
                    return out;
                });
    }

    public Uni<Boolean> delete(String id) {
        return pool.preparedQuery("DELETE FROM dashboards WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> rows.rowCount() == 1);
    }

    private Dashboard map(Row r) {
        Layout layout;
        try {
            layout = json.readValue(r.getString("charts"), new TypeReference<Layout>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("dashboard " + r.getString("id") + " has unreadable charts", e);
        }
        return new Dashboard(r.getString("id"), r.getString("title"), r.getString("dataset"),
                layout.charts() == null ? List.of() : layout.charts(), layout.labels() == null ? Map.of() : layout.labels(),
                r.getString("external_url"), r.getString("ready_selector"), r.getInteger("width"), r.getInteger("height"),
                r.getInteger("version"), r.getOffsetDateTime("created_at").toInstant(),
                r.getOffsetDateTime("updated_at").toInstant());
    }

    private String layout(Dashboard d) {
        try {
            return json.writeValueAsString(new Layout(d.charts(), d.labels()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A tuple that may hold nulls (Tuple.of refuses none, but List.of does). */
    static Tuple tuple(Object... values) {
        Tuple t = Tuple.tuple();
        for (Object v : values) {
            t.addValue(v);
        }
        return t;
    }
}
