package io.dingrelay.screenshot.persistence;

import io.dingrelay.screenshot.model.DatasetSummary;
import io.dingrelay.screenshot.model.Point;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Datasets and their points in PostgreSQL, on the reactive pool. Plain SQL rather than Hibernate entities: an
 * ingest is one {@code INSERT ... SELECT FROM unnest(...) ON CONFLICT} statement whatever its size, and its row
 * count (values that really changed) decides whether the dataset's revision moves.
 */
@ApplicationScoped
public class DatasetRepository {

    private final Pool pool;

    public DatasetRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * @param dataset  the dataset
     * @param received points in the request (after de-duplication)
     * @param changed  points inserted or whose value changed
     * @param revision the dataset's revision afterwards
     */
    public record IngestResult(String dataset, int received, int changed, long revision) {
    }

    /** Creates the dataset if missing; true when it was created. */
    public Uni<Boolean> create(String name) {
        return pool.preparedQuery("INSERT INTO datasets (name) VALUES ($1) ON CONFLICT (name) DO NOTHING")
                .execute(Tuple.of(name)).map(rows -> rows.rowCount() == 1);
    }

    /** Upserts the points in one transaction; the revision goes up by one if any value changed. */
    public Uni<IngestResult> ingest(String name, Collection<Point> points) {
        List<String> metrics = new ArrayList<>(points.size());
        List<String> regions = new ArrayList<>(points.size());
        List<String> days = new ArrayList<>(points.size());
        List<String> values = new ArrayList<>(points.size());
        for (Point p : points) {
            metrics.add(p.metric());
            regions.add(p.region());
            days.add(p.day().toString());
            values.add(p.value().toPlainString());
        }
        return pool.withTransaction(tx -> tx
                .preparedQuery("INSERT INTO datasets (name) VALUES ($1) ON CONFLICT (name) DO NOTHING")
                .execute(Tuple.of(name))
                .chain(() -> tx.preparedQuery("""
                        INSERT INTO points (dataset, metric, region, day, value)
                        SELECT $1, m, r, d::date, v::numeric
                        FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) AS t(m, r, d, v)
                        ON CONFLICT (dataset, metric, region, day) DO UPDATE SET value = EXCLUDED.value
                        WHERE points.value IS DISTINCT FROM EXCLUDED.value""")
                        .execute(Tuple.of(name, metrics.toArray(String[]::new), regions.toArray(String[]::new),
                                days.toArray(String[]::new), values.toArray(String[]::new))))
                .chain(inserted -> {
                    int changed = inserted.rowCount();
                    String sql = changed > 0
                            ? "UPDATE datasets SET revision = revision + 1, updated_at = now() WHERE name = $1 RETURNING revision"
                            : "SELECT revision FROM datasets WHERE name = $1";
                    return tx.preparedQuery(sql).execute(Tuple.of(name))
                            .map(rows -> new IngestResult(name, points.size(), changed,
                                    rows.iterator().next().getLong("revision")));
                }));
    }

    public Uni<Optional<DatasetSummary>> summary(String name) {
        return summary(pool, name);
    }

    static Uni<Optional<DatasetSummary>> summary(SqlClient client, String name) {
        return client.preparedQuery("""
                SELECT d.name, d.revision, d.updated_at, (SELECT count(*) FROM points p WHERE p.dataset = d.name) AS n
                FROM datasets d WHERE d.name = $1""")
                .execute(Tuple.of(name))
                .map(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return Optional.empty();
                    }
                    Row r = rows.iterator().next();
                    return Optional.of(new DatasetSummary(r.getString("name"), r.getLong("revision"), r.getLong("n"),
                            r.getOffsetDateTime("updated_at").toInstant()));
                });
    }

    public Uni<List<DatasetSummary>> list() {
        return pool.query("""
                SELECT d.name, d.revision, d.updated_at, (SELECT count(*) FROM points p WHERE p.dataset = d.name) AS n
                FROM datasets d ORDER BY d.name""")
                .execute()
                .map(rows -> {
                    List<DatasetSummary> out = new ArrayList<>();
                    rows.forEach(r -> out.add(new DatasetSummary(r.getString("name"), r.getLong("revision"), r.getLong("n"),
                            r.getOffsetDateTime("updated_at").toInstant())));
                    return out;
                });
    }

    /** The dataset's revision, or empty if it does not exist. */
    public Uni<Optional<Long>> revision(String name) {
        return pool.preparedQuery("SELECT revision FROM datasets WHERE name = $1").execute(Tuple.of(name))
                .map(rows -> rows.iterator().hasNext()
                        ? Optional.of(rows.iterator().next().getLong("revision")) : Optional.empty());
    }

    /**
     * Points of a dataset, ordered by metric, region, day; filters are optional (null = all).
     *
     * @param from first day included
     * @param to   last day included
     */
    public Uni<List<Point>> points(String name, String metric, String region, LocalDate from, LocalDate to) {
        return pool.preparedQuery("""
                SELECT metric, region, day, value FROM points
                WHERE dataset = $1 AND ($2::text IS NULL OR metric = $2) AND ($3::text IS NULL OR region = $3)
                  AND ($4::date IS NULL OR day >= $4) AND ($5::date IS NULL OR day <= $5)
                ORDER BY metric, region, day""")
                .execute(Tuple.of(name).addString(metric).addString(region).addLocalDate(from).addLocalDate(to))
                .map(rows -> {
                    List<Point> out = new ArrayList<>();
                    rows.forEach(r -> out.add(new Point(r.getString("metric"), r.getString("region"), r.getLocalDate("day"),
                            r.getBigDecimal("value"))));
                    return out;
                });
    }

    /** A dataset's points and revision read in one snapshot, so a page never mixes two versions. */
    public Uni<Snapshot> snapshot(String name) {
        return pool.withTransaction(tx -> tx.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY").execute()
                .chain(() -> summary(tx, name))
                .chain(summary -> summary.isEmpty() ? Uni.createFrom().item(new Snapshot(null, List.of()))
                        : tx.preparedQuery("SELECT metric, region, day, value FROM points WHERE dataset = $1 ORDER BY metric, region, day")
                                .execute(Tuple.of(name))
                                .map(rows -> {
                                    List<Point> out = new ArrayList<>();
                                    rows.forEach(r -> out.add(new Point(r.getString("metric"), r.getString("region"),
                                            r.getLocalDate("day"), r.getBigDecimal("value"))));
                                    return new Snapshot(summary.get(), out);
                                })));
    }

    /** @param summary null when the dataset does not exist */
    public record Snapshot(DatasetSummary summary, List<Point> points) {
    }

}
