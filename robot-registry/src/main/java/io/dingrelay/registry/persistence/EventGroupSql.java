package io.dingrelay.registry.persistence;

import io.dingrelay.events.registry.GroupKind;
import io.dingrelay.registry.service.GroupState;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Groups learnt from robot events, loaded and written set-at-a-time for a batch of events. */
@ApplicationScoped
public class EventGroupSql {

    private static final String LOAD = """
            SELECT id, kind, status, status_reason, app, corp_id, open_conversation_id, robot_code, cool_app_code,
                   title, last_event_at
              FROM groups
             WHERE (app, open_conversation_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))
               FOR UPDATE""";
    private static final String UPSERT = """
            INSERT INTO groups (id, kind, status, status_reason, app, corp_id, open_conversation_id, robot_code,
                                cool_app_code, title, last_event_at)
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                                 $8::text[], $9::text[], $10::text[], $11::timestamptz[])
            ON CONFLICT (app, open_conversation_id) WHERE open_conversation_id IS NOT NULL DO UPDATE SET
                kind = EXCLUDED.kind, status = EXCLUDED.status, status_reason = EXCLUDED.status_reason,
                corp_id = EXCLUDED.corp_id, robot_code = EXCLUDED.robot_code, cool_app_code = EXCLUDED.cool_app_code,
                title = EXCLUDED.title, last_event_at = EXCLUDED.last_event_at, updated_at = now()""";
    private static final String REVOKE_ORG = """
            UPDATE groups SET status = 'DISABLED', status_reason = $3, last_event_at = $4, updated_at = now()
             WHERE corp_id = $1 AND app = $2 AND status IN ('ACTIVE', 'PAUSED')
               AND (last_event_at IS NULL OR last_event_at <= $4)""";

    private static final String REMEMBER_REVOCATION = """
            INSERT INTO org_revocations (app, corp_id, revoked_at) VALUES ($1, $2, $3)
            ON CONFLICT (app, corp_id) DO UPDATE SET revoked_at = greatest(org_revocations.revoked_at, EXCLUDED.revoked_at)""";
    private static final String REVOCATIONS = """
            SELECT app, corp_id, revoked_at FROM org_revocations
             WHERE (app, corp_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))""";

    /** Latest revocation time by {@link GroupState#key(String, String)} of app and corp. */
    public Uni<Map<String, Instant>> revocations(SqlConnection conn, Collection<String[]> appAndCorp) {
        String[] apps = appAndCorp.stream().map(k -> k[0]).toArray(String[]::new);
        String[] corps = appAndCorp.stream().map(k -> k[1]).toArray(String[]::new);
        return conn.preparedQuery(REVOCATIONS).execute(Tuple.of(apps, corps)).map(rows -> {
            Map<String, Instant> out = new HashMap<>();
            for (Row r : rows) {
                out.put(GroupState.key(r.getString(0), r.getString(1)), r.getOffsetDateTime(2).toInstant());
            }
            return out;
        });
    }

    public Uni<Map<String, GroupState>> load(SqlConnection conn, Collection<String[]> appAndConversation) {
        String[] apps = appAndConversation.stream().map(k -> k[0]).toArray(String[]::new);
        String[] convs = appAndConversation.stream().map(k -> k[1]).toArray(String[]::new);
        return conn.preparedQuery(LOAD).execute(Tuple.of(apps, convs)).map(rows -> {
            Map<String, GroupState> out = new HashMap<>();
            for (Row r : rows) {
                GroupState s = new GroupState();
                s.id = r.getString("id");
                s.kind = GroupKind.valueOf(r.getString("kind"));
                s.status = GroupStatus.valueOf(r.getString("status"));
                s.statusReason = r.getString("status_reason");
                s.app = r.getString("app");
                s.corpId = r.getString("corp_id");
                s.openConversationId = r.getString("open_conversation_id");
                s.robotCode = r.getString("robot_code");
                s.coolAppCode = r.getString("cool_app_code");
                s.title = r.getString("title");
                OffsetDateTime t = r.getOffsetDateTime("last_event_at");
                s.lastEventAt = t == null ? null : t.toInstant();
                out.put(s.key(), s);
            }
            return out;
        });
    }

    public Uni<Integer> write(SqlConnection conn, List<GroupState> states) {
        if (states.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        int n = states.size();
        String[][] c = new String[10][n];
        OffsetDateTime[] at = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            GroupState s = states.get(i);
            c[0][i] = s.id;
            c[1][i] = s.kind.name();
            c[2][i] = s.status.name();
            c[3][i] = s.statusReason;
            c[4][i] = s.app;
            c[5][i] = s.corpId;
            c[6][i] = s.openConversationId;
            c[7][i] = s.robotCode;
            c[8][i] = s.coolAppCode;
            c[9][i] = s.title;
            at[i] = s.lastEventAt == null ? null : s.lastEventAt.atOffset(ZoneOffset.UTC);
        }
        Tuple params = Tuple.tuple();
        for (String[] column : c) {
            params.addArrayOfString(column);
        }
        return conn.preparedQuery(UPSERT).execute(params.addArrayOfOffsetDateTime(at)).map(rs -> rs.rowCount());
    }

    /** Disables every group of the organisation under this app that no later event already changed. */
    public Uni<Integer> revokeOrg(SqlConnection conn, String corpId, String app, String reason, Instant at) {
        return conn.preparedQuery(REMEMBER_REVOCATION).execute(Tuple.of(app, corpId, at.atOffset(ZoneOffset.UTC)))
                .flatMap(v -> conn.preparedQuery(REVOKE_ORG).execute(Tuple.of(corpId, app, reason, at.atOffset(ZoneOffset.UTC))))
                .map(rs -> rs.rowCount());
    }
}
