package io.dingrelay.registry.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Inserts custom-robot groups set-at-a-time: one {@code INSERT … SELECT FROM unnest(arrays)} per chunk, so 100,000
 * rows are a few statements instead of 100,000 round trips. Runs inside the caller's transaction.
 */
@ApplicationScoped
public class WebhookInserts {

    /** Rows per statement: big enough to amortise the round trip, small enough to keep parameter arrays modest. */
    static final int CHUNK = 5000;

    private static final String INSERT = """
            INSERT INTO groups (id, title, kind, status, tags, crypto_key_id, webhook_ciphertext, secret_ciphertext,
                                webhook_host, webhook_token_hash, webhook_masked, secret_masked)
            SELECT r.id, r.title, 'CUSTOM_WEBHOOK', 'ACTIVE', string_to_array(r.tags, ','), r.kid, r.wc, r.sc,
                   r.host, r.hash, r.wm, r.sm
              FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                          $8::text[], $9::text[], $10::text[]) AS r(id, title, tags, kid, wc, sc, host, hash, wm, sm)
            ON CONFLICT (webhook_token_hash) WHERE webhook_token_hash IS NOT NULL DO NOTHING
            RETURNING webhook_token_hash""";
    private static final String EXISTING = "SELECT webhook_token_hash, id FROM groups WHERE webhook_token_hash = ANY($1)";

    /** Group id by token hash, of the hashes already registered. */
    public Uni<Map<String, String>> existing(SqlConnection conn, List<String> tokenHashes) {
        return conn.preparedQuery(EXISTING).execute(Tuple.of(tokenHashes.toArray(String[]::new))).map(rows -> {
            Map<String, String> out = new HashMap<>();
            for (Row row : rows) {
                out.put(row.getString(0), row.getString(1));
            }
            return out;
        });
    }

    /**
     * Inserts the rows; answers the token hashes actually written (a row whose token is already registered is
     * skipped by {@code ON CONFLICT DO NOTHING}: the caller reports it as a duplicate).
     */
    public Uni<java.util.Set<String>> insert(SqlConnection conn, List<NewWebhookRow> rows) {
        java.util.Set<String> written = new java.util.HashSet<>(rows.size() * 2);
        Uni<java.util.Set<String>> chain = Uni.createFrom().item(written);
        for (int from = 0; from < rows.size(); from += CHUNK) {
            List<NewWebhookRow> chunk = rows.subList(from, Math.min(rows.size(), from + CHUNK));
            chain = chain.flatMap(done -> insertChunk(conn, chunk).map(rs -> {
                for (Row row : rs) {
                    done.add(row.getString(0));
                }
                return done;
            }));
        }
        return chain;
    }

    private Uni<io.vertx.mutiny.sqlclient.RowSet<Row>> insertChunk(SqlConnection conn, List<NewWebhookRow> chunk) {
        int n = chunk.size();
        String[][] cols = new String[10][n];
        for (int i = 0; i < n; i++) {
            NewWebhookRow r = chunk.get(i);
            cols[0][i] = r.id();
            cols[1][i] = r.title();
            cols[2][i] = String.join(",", r.tags());
            cols[3][i] = r.keyId();
            cols[4][i] = r.webhookCiphertext();
            cols[5][i] = r.secretCiphertext();
            cols[6][i] = r.host();
            cols[7][i] = r.tokenHash();
            cols[8][i] = r.maskedUrl();
            cols[9][i] = r.maskedSecret();
        }
        return conn.preparedQuery(INSERT).execute(Tuple.from(List.of((Object[]) cols)));
    }
}
