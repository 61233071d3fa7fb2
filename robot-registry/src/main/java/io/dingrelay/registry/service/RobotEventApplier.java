package io.dingrelay.registry.service;

import io.dingrelay.events.Topics;
import io.dingrelay.events.robot.RobotEvent;
import io.dingrelay.events.robot.RobotEventKind;
import io.dingrelay.registry.persistence.EventGroupSql;
import io.dingrelay.registry.persistence.ProcessedEvents;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Applies a batch of robot events in one transaction: claims their ids (a repeated event changes nothing), folds
 * the per-group events in DingTalk-time order with {@link GroupLifecycle} over the groups loaded in one query, and
 * writes the changed groups back in one statement. An organisation revocation is applied where it falls in the
 * batch: what precedes it is written first, what follows it is folded over the rows it changed.
 */
@ApplicationScoped
public class RobotEventApplier {

    private static final Logger LOG = Logger.getLogger(RobotEventApplier.class);

    private final Pool pool;
    private final ProcessedEvents processed;
    private final EventGroupSql groups;
    private final MeterRegistry meters;

    public RobotEventApplier(Pool pool, ProcessedEvents processed, EventGroupSql groups, MeterRegistry meters) {
        this.pool = pool;
        this.processed = processed;
        this.groups = groups;
        this.meters = meters;
    }

    /**
     * Checks the fields a kind needs; answers why it cannot be applied, or null. Such events are counted and
     * skipped: waiting cannot complete them.
     */
    private static String nulField(RobotEvent e) {
        String[][] fields = {
            {"eventId", e.eventId().value()}, {"app", e.app().value()},
            {"corpId", e.corpId() == null ? null : e.corpId().value()},
            {"conversationId", e.conversationId() == null ? null : e.conversationId().value()},
            {"robotCode", e.robotCode() == null ? null : e.robotCode().value()},
            {"coolAppCode", e.coolAppCode()}, {"title", e.title()}, {"operator", e.operator()}};
        for (String[] f : fields) {
            if (f[1] != null && f[1].indexOf('\0') >= 0) {
                return f[0];
            }
        }
        return null;
    }

    public static String invalid(RobotEvent e) {
        if (e.eventId() == null) {
            return "eventId missing";
        }
        if (e.kind() == null) {
            return "kind missing";
        }
        if (e.app() == null) {
            return "app missing";
        }
        if (e.occurredAt() == null) {
            return "occurredAt missing";
        }
        // PostgreSQL text cannot hold U+0000: one such event failed its whole batch's transaction, retried 20 times,
        // and held up every other group's events behind it (found by the reliability drill). It cannot be applied.
        String nul = nulField(e);
        if (nul != null) {
            return nul + " contains the NUL character";
        }
        if (e.kind().orgWide()) {
            return e.corpId() == null ? "corpId missing for " + e.kind() : null;
        }
        if (e.conversationId() == null) {
            return "conversationId missing for " + e.kind();
        }
        if (e.kind() == RobotEventKind.ROBOT_SEEN && e.robotCode() == null) {
            return "robotCode missing for ROBOT_SEEN";
        }
        if (e.kind() == RobotEventKind.COOL_APP_INSTALLED && e.coolAppCode() == null) {
            return "coolAppCode missing for COOL_APP_INSTALLED";
        }
        return null;
    }

    /** Applies valid events (in record order); completes when they are durable. */
    public Uni<Void> apply(List<RobotEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        // First occurrence of each id only: the same event twice in one batch is still one effect.
        Map<String, RobotEvent> byId = new LinkedHashMap<>();
        for (RobotEvent e : events) {
            byId.putIfAbsent(e.eventId().value(), e);
        }
        int repeatsInBatch = events.size() - byId.size();
        return pool.withTransaction(conn -> processed.claim(conn, List.copyOf(byId.keySet()), Topics.ROBOT_EVENTS)
                .flatMap(fresh -> {
                    count("duplicate", byId.size() - fresh.size() + repeatsInBatch);
                    List<RobotEvent> todo = byId.values().stream().filter(e -> fresh.contains(e.eventId().value())).toList();
                    return applySegments(conn, todo);
                }));
    }

    private Uni<Void> applySegments(SqlConnection conn, List<RobotEvent> todo) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        List<RobotEvent> segment = new ArrayList<>();
        for (RobotEvent e : todo) {
            if (e.kind().orgWide()) {
                List<RobotEvent> before = List.copyOf(segment);
                segment.clear();
                chain = chain.flatMap(v -> applyGroupEvents(conn, before)).flatMap(v -> applyOrgEvent(conn, e));
            } else {
                segment.add(e);
            }
        }
        List<RobotEvent> rest = List.copyOf(segment);
        return chain.flatMap(v -> applyGroupEvents(conn, rest));
    }

    private Uni<Void> applyOrgEvent(SqlConnection conn, RobotEvent e) {
        if (e.kind() != RobotEventKind.ORG_AUTH_REVOKED) {
            count("ignored", 1);
            return Uni.createFrom().voidItem();
        }
        return groups.revokeOrg(conn, e.corpId().value(), e.app().value(), "organisation authorisation revoked",
                e.occurredAt()).invoke(n -> {
                    count("applied", 1);
                    LOG.infof("Organisation %s revoked app %s: %d groups disabled (event %s)", e.corpId(), e.app(), n,
                            e.eventId());
                }).replaceWithVoid();
    }

    private Uni<Void> applyGroupEvents(SqlConnection conn, List<RobotEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Map<String, String[]> keys = new LinkedHashMap<>();
        for (RobotEvent e : events) {
            keys.putIfAbsent(GroupState.key(e.app().value(), e.conversationId().value()),
                    new String[] {e.app().value(), e.conversationId().value()});
        }
        Map<String, String[]> corps = new LinkedHashMap<>();
        for (RobotEvent e : events) {
            if (e.corpId() != null) {
                corps.putIfAbsent(GroupState.key(e.app().value(), e.corpId().value()),
                        new String[] {e.app().value(), e.corpId().value()});
            }
        }
        Uni<Map<String, java.time.Instant>> revoked = corps.isEmpty() ? Uni.createFrom().item(Map.of())
                : groups.revocations(conn, corps.values());
        return revoked.flatMap(revocations -> groups.load(conn, keys.values()).map(states -> {
            // Per group, in DingTalk's time order (stable: equal times keep record order).
            List<RobotEvent> ordered = new ArrayList<>(events);
            ordered.sort(Comparator.comparing(RobotEvent::occurredAt));
            Set<GroupState> changed = new HashSet<>();
            GroupState[] created = new GroupState[1];
            for (RobotEvent e : ordered) {
                String key = GroupState.key(e.app().value(), e.conversationId().value());
                GroupState state = states.get(key);
                created[0] = null;
                GroupLifecycle.Result result = GroupLifecycle.apply(state, e, created);
                if (created[0] != null) {
                    states.put(key, created[0]);
                }
                GroupState now = states.get(key);
                if (now != null && now.changed) {
                    changed.add(now);
                }
                count(result.name().toLowerCase(), 1);
                if (result == GroupLifecycle.Result.UNKNOWN_GROUP || result == GroupLifecycle.Result.STALE) {
                    LOG.debugf("Robot event %s %s for %s: %s", e.eventId(), e.kind(), e.conversationId(), result);
                }
            }
            changed.forEach(s -> applyRevocation(s, revocations));
            return List.copyOf(changed);
        })).flatMap(changed -> groups.write(conn, changed)).replaceWithVoid();
    }

    /**
     * An organisation revocation read before an older event of one of its groups (they travel on different
     * partitions) still wins: the group stays disabled unless the event is later than the revocation.
     */
    private static void applyRevocation(GroupState s, Map<String, java.time.Instant> revocations) {
        java.time.Instant revokedAt = s.corpId == null ? null : revocations.get(GroupState.key(s.app, s.corpId));
        if (revokedAt != null && s.lastEventAt != null && !s.lastEventAt.isAfter(revokedAt)
                && (s.status == io.dingrelay.registry.persistence.GroupStatus.ACTIVE
                        || s.status == io.dingrelay.registry.persistence.GroupStatus.PAUSED)) {
            s.status = io.dingrelay.registry.persistence.GroupStatus.DISABLED;
            s.statusReason = "organisation authorisation revoked";
        }
    }

    private void count(String result, int n) {
        if (n > 0) {
            meters.counter("dingrelay.registry.robot.events", "result", result).increment(n);
        }
    }
}
