package io.dingrelay.dispatcher.persistence;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dingrelay.dispatcher.service.Audience;
import io.dingrelay.dispatcher.service.Campaign;
import io.dingrelay.dispatcher.service.CampaignStatus;
import io.dingrelay.dispatcher.service.Schedule;
import io.dingrelay.events.EventJson;
import io.dingrelay.events.ids.CampaignId;
import io.dingrelay.events.registry.GroupKind;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The {@code campaigns} table. */
@ApplicationScoped
public class CampaignStore {

    private static final String COLUMNS = "id, name, message, vars, audience_tags, audience_group_ids, audience_kind, "
            + "schedule_cron, schedule_zone, stagger_seconds, grace_seconds, dashboard_id, status, audience_size, "
            + "created_at, updated_at, active_since, zone, digest";

    private final Pool pool;

    public CampaignStore(Pool pool) {
        this.pool = pool;
    }

    public Uni<Campaign> insert(Campaign c) {
        return pool.preparedQuery("INSERT INTO campaigns (id, name, message, vars, audience_tags, audience_group_ids, audience_kind, "
                        + "schedule_cron, schedule_zone, stagger_seconds, grace_seconds, dashboard_id, status, audience_size, zone, digest) "
                        + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING " + COLUMNS)
                .execute(values(c))
                .map(rows -> read(rows.iterator().next()));
    }

    /** Writes every field but the id and creation time; {@code active_since} moves to now when it becomes ACTIVE again. */
    public Uni<Campaign> update(Campaign c, boolean resumed) {
        Tuple t = values(c);
        return pool.preparedQuery("UPDATE campaigns SET name = $2, message = $3, vars = $4, audience_tags = $5, "
                        + "audience_group_ids = $6, audience_kind = $7, schedule_cron = $8, schedule_zone = $9, stagger_seconds = $10, "
                        + "grace_seconds = $11, dashboard_id = $12, status = $13, audience_size = $14, zone = $15, digest = $16, updated_at = now()"
                        + (resumed ? ", active_since = now()" : "") + " WHERE id = $1 RETURNING " + COLUMNS)
                .execute(t)
                .map(rows -> read(rows.iterator().next()));
    }

    public Uni<Optional<Campaign>> find(CampaignId id) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM campaigns WHERE id = $1").execute(Tuple.of(id.value()))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(read(rows.iterator().next())));
    }

    /** Newest first, keyset-paged by creation time and id. */
    public Uni<List<Campaign>> list(int limit) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM campaigns ORDER BY created_at DESC, id LIMIT $1")
                .execute(Tuple.of(limit)).map(CampaignStore::readAll);
    }

    /** ACTIVE campaigns with a schedule: what the scheduler looks at every tick. */
    public Uni<List<Campaign>> scheduled() {
        return pool.query("SELECT " + COLUMNS + " FROM campaigns WHERE status = 'ACTIVE' AND schedule_cron IS NOT NULL").execute()
                .map(CampaignStore::readAll);
    }

    public Uni<Void> recordAudienceSize(CampaignId id, int size) {
        return pool.preparedQuery("UPDATE campaigns SET audience_size = $2 WHERE id = $1").execute(Tuple.of(id.value(), size))
                .replaceWithVoid();
    }

    private static Tuple values(Campaign c) {
        Schedule s = c.schedule();
        return Tuple.tuple(Arrays.asList(c.id().value(), c.name(), new JsonObject(EventJson.write(c.message())),
                new JsonObject(EventJson.write(c.vars())), c.audience().tags().toArray(String[]::new),
                c.audience().groupIds().toArray(String[]::new), c.audience().kind() == null ? null : c.audience().kind().name(),
                s == null ? null : s.cron(), s == null ? null : s.zone(), s == null ? 0 : (int) s.stagger().toSeconds(),
                s == null ? 0 : (int) s.grace().toSeconds(), c.dashboardId(), c.status().name(), c.audienceSize(), c.zone(), c.digest()));
    }

    private static List<Campaign> readAll(RowSet<Row> rows) {
        List<Campaign> out = new ArrayList<>();
        rows.forEach(r -> out.add(read(r)));
        return out;
    }

    static Campaign read(Row r) {
        String cron = r.getString("schedule_cron");
        Schedule schedule = cron == null ? null : new Schedule(cron, r.getString("schedule_zone"),
                Duration.ofSeconds(r.getInteger("stagger_seconds")), Duration.ofSeconds(r.getInteger("grace_seconds")));
        String kind = r.getString("audience_kind");
        Audience audience = new Audience(List.of(r.getArrayOfStrings("audience_tags")), List.of(r.getArrayOfStrings("audience_group_ids")),
                kind == null ? null : GroupKind.valueOf(kind));
        return new Campaign(CampaignId.of(r.getString("id")), r.getString("name"), object(r.getJsonObject("message")),
                object(r.getJsonObject("vars")), r.getString("zone"), audience, schedule, r.getString("dashboard_id"),
                CampaignStatus.valueOf(r.getString("status")), r.getInteger("audience_size"), instant(r, "created_at"),
                instant(r, "updated_at"), instant(r, "active_since"), r.getBoolean("digest"));
    }

    static ObjectNode object(JsonObject json) {
        return json == null ? EventJson.mapper().createObjectNode() : (ObjectNode) EventJson.read(json.encode(), com.fasterxml.jackson.databind.JsonNode.class);
    }

    static Instant instant(Row r, String column) {
        OffsetDateTime t = r.getOffsetDateTime(column);
        return t == null ? null : t.toInstant();
    }

    static OffsetDateTime offset(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }
}
