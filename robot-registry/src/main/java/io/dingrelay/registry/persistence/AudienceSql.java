package io.dingrelay.registry.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * One keyset page of the audience: ACTIVE groups in id order after a cursor, with only the columns a sender
 * needs. Pages (not one huge result) keep the registry's heap flat whatever the audience size, and each page is
 * its own short query, so a slow reader holds no transaction open.
 */
@ApplicationScoped
public class AudienceSql {

    private static final String PAGE = """
            SELECT id, kind, title, tags, corp_id, crypto_key_id, webhook_ciphertext, secret_ciphertext, app,
                   robot_code, cool_app_code, open_conversation_id
              FROM groups
             WHERE status = 'ACTIVE' AND id > $1
               AND ($2::text[] IS NULL OR tags && $2)
               AND ($3::text IS NULL OR kind = $3)
               AND ($4::text[] IS NULL OR id = ANY($4))
             ORDER BY id
             LIMIT $5""";
    private static final String UNKNOWN_TAGS = """
            SELECT t FROM unnest($1::text[]) AS t
             WHERE NOT EXISTS (SELECT 1 FROM groups WHERE tags @> ARRAY[t])""";

    private final Pool pool;

    public AudienceSql(Pool pool) {
        this.pool = pool;
    }

    public Uni<RowSet<Row>> page(String after, String[] tags, String kind, String[] groupIds, int limit) {
        return pool.preparedQuery(PAGE).execute(Tuple.of(after == null ? "" : after, tags, kind, groupIds, limit));
    }

    /** The tags of the filter no group has (the audience answers 400 naming them). */
    public Uni<java.util.List<String>> unknownTags(String[] tags) {
        return pool.preparedQuery(UNKNOWN_TAGS).execute(Tuple.of((Object) tags)).map(rows -> {
            java.util.List<String> out = new java.util.ArrayList<>();
            rows.forEach(r -> out.add(r.getString(0)));
            return out;
        });
    }
}
