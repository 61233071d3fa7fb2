package io.dingrelay.chat.persistence;

import io.dingrelay.chat.faq.FaqPair;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The FAQ pairs in PostgreSQL, the source of truth of the Lucene index. Every change bumps {@code faq_revision} in
 * the same transaction, so other replicas see that their index is stale.
 */
@ApplicationScoped
public class FaqPairs {

    /** PostgreSQL's unique_violation. */
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String COLUMNS = "id, question, answer, created_at, updated_at";

    private final Pool pool;

    public FaqPairs(Pool pool) {
        this.pool = pool;
    }

    /** Thrown when a question already exists (the question is unique). */
    public static final class DuplicateQuestionException extends RuntimeException {
        public DuplicateQuestionException(String question) {
            super("a pair with this question exists already: " + question);
        }
    }

    public Uni<List<FaqPair>> all() {
        return pool.query("SELECT " + COLUMNS + " FROM faq_pairs ORDER BY id").execute().map(FaqPairs::pairs);
    }

    public Uni<List<FaqPair>> page(long afterId, int limit) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM faq_pairs WHERE id > $1 ORDER BY id LIMIT $2")
                .execute(Tuple.of(afterId, limit)).map(FaqPairs::pairs);
    }

    public Uni<Optional<FaqPair>> byId(long id) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM faq_pairs WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> pairs(rows).stream().findFirst());
    }

    public Uni<Long> revision() {
        return pool.query("SELECT revision FROM faq_revision WHERE id = 1").execute()
                .map(rows -> rows.iterator().next().getLong("revision"));
    }

    public Uni<FaqPair> create(String question, String answer) {
        return pool.withTransaction(tx -> insert(tx, question, answer).call(() -> bump(tx)))
                .onFailure(FaqPairs::isUniqueViolation).transform(e -> new DuplicateQuestionException(question));
    }

    public Uni<Optional<FaqPair>> update(long id, String question, String answer) {
        return pool.withTransaction(tx -> tx.preparedQuery("UPDATE faq_pairs SET question = $2, answer = $3,"
                                + " updated_at = now() WHERE id = $1 RETURNING " + COLUMNS)
                        .execute(Tuple.of(id, question, answer))
                        .map(rows -> pairs(rows).stream().findFirst())
                        .call(updated -> updated.isPresent() ? bump(tx) : Uni.createFrom().voidItem()))
                .onFailure(FaqPairs::isUniqueViolation).transform(e -> new DuplicateQuestionException(question));
    }

    public Uni<Boolean> delete(long id) {
        return pool.withTransaction(tx -> tx.preparedQuery("DELETE FROM faq_pairs WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> rows.rowCount() == 1)
                .call(deleted -> deleted ? bump(tx) : Uni.createFrom().voidItem()));
    }

    /**
     * Imports pairs all-or-nothing in one transaction: a question already stored gets the new answer (so an export
     * imported again changes nothing), with {@code replace} every pair not in the import is deleted first.
     *
     * @return how many pairs were created and how many updated
     */
    public Uni<ImportCounts> importAll(List<FaqPair> pairs, boolean replace) {
        return pool.withTransaction(tx -> {
            Uni<Void> start = replace
                    ? tx.query("DELETE FROM faq_pairs").execute().replaceWithVoid()
                    : Uni.createFrom().voidItem();
            return start.chain(() -> upsertAll(tx, pairs)).call(() -> bump(tx));
        });
    }

    /** Created and updated pairs of an import. */
    public record ImportCounts(int created, int updated) {
    }

    private static Uni<ImportCounts> upsertAll(SqlClient tx, List<FaqPair> pairs) {
        if (pairs.isEmpty()) {
            return Uni.createFrom().item(new ImportCounts(0, 0));
        }
        List<Tuple> batch = pairs.stream().map(p -> Tuple.of(p.question(), p.answer())).toList();
        return tx.preparedQuery("INSERT INTO faq_pairs (question, answer) VALUES ($1, $2)"
                        + " ON CONFLICT (question) DO UPDATE SET answer = EXCLUDED.answer, updated_at = now()"
                        + " RETURNING (xmax = 0) AS created")
                .executeBatch(batch)
                .map(rows -> {
                    int created = 0;
                    int updated = 0;
                    for (RowSet<Row> set = rows; set != null; set = set.next()) {
                        for (Row row : set) {
                            if (Boolean.TRUE.equals(row.getBoolean("created"))) {
                                created++;
                            } else {
                                updated++;
                            }
                        }
                    }
                    return new ImportCounts(created, updated);
                });
    }

    private static Uni<FaqPair> insert(SqlClient tx, String question, String answer) {
        return tx.preparedQuery("INSERT INTO faq_pairs (question, answer) VALUES ($1, $2) RETURNING " + COLUMNS)
                .execute(Tuple.of(question, answer)).map(rows -> pairs(rows).get(0));
    }

    private static Uni<Void> bump(SqlClient tx) {
        return tx.query("UPDATE faq_revision SET revision = revision + 1 WHERE id = 1").execute().replaceWithVoid();
    }

    private static boolean isUniqueViolation(Throwable t) {
        return t instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState());
    }

    private static List<FaqPair> pairs(RowSet<Row> rows) {
        List<FaqPair> out = new ArrayList<>();
        for (Row row : rows) {
            out.add(new FaqPair(row.getLong("id"), row.getString("question"), row.getString("answer"),
                    row.getOffsetDateTime("created_at").toInstant(), row.getOffsetDateTime("updated_at").toInstant()));
        }
        return out;
    }
}
