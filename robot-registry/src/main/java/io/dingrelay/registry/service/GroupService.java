package io.dingrelay.registry.service;

import io.dingrelay.events.registry.GroupKind;
import io.dingrelay.registry.persistence.GroupEntity;
import io.dingrelay.registry.persistence.GroupStatus;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.List;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** The admin API's one-group-at-a-time work on {@link GroupEntity} (Hibernate Reactive Panache). */
@ApplicationScoped
public class GroupService {

    private static final Logger LOG = Logger.getLogger(GroupService.class);

    private final WebhookRules rules;
    private final MeterRegistry meters;

    public GroupService(WebhookRules rules, MeterRegistry meters) {
        this.rules = rules;
        this.meters = meters;
    }

    public Uni<GroupEntity> get(String id) {
        return Panache.withSession(() -> GroupEntity.<GroupEntity>findById(id))
                .onItem().ifNull().failWith(() -> new NotFoundException(id));
    }

    /** A page in id order after {@code after}; the caller asks for one more than it shows to know if more follow. */
    public Uni<List<GroupEntity>> page(GroupFilter f, String after, int limit) {
        StringBuilder q = new StringBuilder("1 = 1");
        Parameters p = new Parameters();
        if (f.status() != null) {
            q.append(" and status = :status");
            p.and("status", f.status());
        }
        if (f.kind() != null) {
            q.append(" and kind = :kind");
            p.and("kind", f.kind());
        }
        if (f.tag() != null) {
            q.append(" and array_contains(tags, :tag)");
            p.and("tag", f.tag());
        }
        if (f.corpId() != null) {
            q.append(" and corpId = :corp");
            p.and("corp", f.corpId());
        }
        if (f.app() != null) {
            q.append(" and app = :app");
            p.and("app", f.app());
        }
        if (f.openConversationId() != null) {
            q.append(" and openConversationId = :conv");
            p.and("conv", f.openConversationId());
        }
        if (f.text() != null) {
            q.append(" and lower(title) like :text escape '\\'");
            p.and("text", "%" + f.text().toLowerCase().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        }
        if (after != null) {
            q.append(" and id > :after");
            p.and("after", after);
        }
        String query = q.toString();
        return Panache.withSession(() -> GroupEntity.<GroupEntity>find(query, Sort.by("id"), p).range(0, limit - 1).list());
    }

    /** An enterprise-robot or cool-app group registered by hand (the robot joined before DingRelay ran). */
    public Uni<GroupEntity> registerOpenApi(OpenApiGroupRequest r) {
        GroupEntity g = new GroupEntity();
        g.id = GroupIds.next().value();
        g.kind = r.kind();
        g.app = WebhookRules.required(r.app(), "app", 64);
        g.openConversationId = WebhookRules.required(r.openConversationId(), "openConversationId", 128);
        if (r.kind() == GroupKind.COOL_APP) {
            g.coolAppCode = WebhookRules.required(r.coolAppCode(), "coolAppCode", 128);
            g.robotCode = r.robotCode() == null || r.robotCode().isBlank() ? null : r.robotCode().strip();
        } else {
            g.robotCode = WebhookRules.required(r.robotCode(), "robotCode", 128);
        }
        if (r.webhook() != null || r.secret() != null) {
            throw new InvalidInputException("webhook", "is only for CUSTOM_WEBHOOK groups; " + r.kind()
                    + " groups are sent to through the OpenAPI with the app's credentials");
        }
        g.corpId = r.corpId() == null || r.corpId().isBlank() ? null : r.corpId().strip();
        g.title = rules.title(r.title() != null ? r.title() : r.name(), false);
        g.tags = rules.tags(r.tags());
        g.status = GroupStatus.ACTIVE;
        g.createdAt = Instant.now();
        g.updatedAt = g.createdAt;
        return Panache.withTransaction(() -> GroupEntity.<GroupEntity>find("app = ?1 and openConversationId = ?2",
                g.app, g.openConversationId).firstResult().flatMap(existing -> {
                    if (existing != null) {
                        return Uni.createFrom().failure(new ConflictException("duplicate", "openConversationId",
                                "a group for this app and openConversationId is already registered", existing.id));
                    }
                    return g.<GroupEntity>persist();
                })).invoke(saved -> {
                    meters.counter("dingrelay.registry.groups.registered", "kind", saved.kind.name()).increment();
                    LOG.infof("Registered %s group %s (app %s)", saved.kind, saved.id, saved.app);
                });
    }

    public Uni<GroupEntity> patch(String id, GroupPatch patch) {
        String[] tags = patch.tags() == null ? null : rules.tags(patch.tags());
        String title = patch.title() == null ? null : rules.title(patch.title(), true);
        return Panache.withTransaction(() -> GroupEntity.<GroupEntity>findById(id)
                .onItem().ifNull().failWith(() -> new NotFoundException(id))
                .map(g -> {
                    if (tags != null) {
                        g.tags = tags;
                    }
                    if (title != null) {
                        g.title = title;
                    }
                    if (patch.status() != null && patch.status() != g.status) {
                        changeStatus(g, patch.status());
                    }
                    g.updatedAt = Instant.now();
                    return g;
                }));
    }

    private static void changeStatus(GroupEntity g, GroupStatus to) {
        if (g.status == GroupStatus.REMOVED) {
            throw new ConflictException("removed", "status", "group " + g.id + " was removed from DingTalk ("
                    + g.statusReason + "); it cannot be resumed", null);
        }
        switch (to) {
            case ACTIVE -> {
                // Resume (PAUSED) or re-enable (DISABLED): a fresh start for the failure streak.
                g.statusReason = null;
                g.consecutiveFailures = 0;
                g.failingSince = null;
            }
            case PAUSED -> g.statusReason = "paused by an operator";
            default -> throw new InvalidInputException("status", "may be set to ACTIVE or PAUSED only ("
                    + to + " is the registry's to decide)");
        }
        LOG.infof("Group %s: %s -> %s by an operator", g.id, g.status, to);
        g.status = to;
    }

    public Uni<Void> delete(String id) {
        return Panache.withTransaction(() -> GroupEntity.deleteById(id)).flatMap(deleted -> deleted
                ? Uni.createFrom().voidItem().invoke(() -> LOG.infof("Deleted group %s", id))
                : Uni.createFrom().failure(new NotFoundException(id)));
    }
}
