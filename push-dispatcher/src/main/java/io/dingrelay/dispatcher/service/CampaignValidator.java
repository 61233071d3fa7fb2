package io.dingrelay.dispatcher.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dingrelay.client.OpenApiMessages;
import io.dingrelay.dispatcher.client.AudienceClient;
import io.dingrelay.dispatcher.client.AudienceException;
import io.dingrelay.dispatcher.client.DashboardClient;
import io.dingrelay.dispatcher.config.PushConfig;
import io.dingrelay.dispatcher.rest.ApiException;
import io.dingrelay.dispatcher.rest.CampaignRequest;
import io.dingrelay.dispatcher.schedule.Cron;
import io.dingrelay.events.EventJson;
import io.dingrelay.events.ids.CampaignId;
import io.dingrelay.events.registry.AudienceEntry;
import io.dingrelay.events.registry.GroupKind;
import io.dingrelay.messaging.config.DingTalkAppsConfig;
import io.dingrelay.protocol.DingTalkLimits;
import io.dingrelay.protocol.DingTalkProtocolException;
import io.dingrelay.protocol.message.MessageCodec;
import io.dingrelay.protocol.message.MessageTooLargeException;
import io.dingrelay.protocol.message.RobotMessage;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Refuses a bad campaign when it is created or changed, never at 09:00: every rule answers 400 naming the field and
 * the reason. In order: the name; the message template's variables; the schedule (Quartz cron, IANA zone, stagger,
 * grace); the dashboard (asked of screenshot-worker); the audience (streamed from the registry: it must match at
 * least one group, every OpenAPI group's app must be configured); then the message rendered for the audience's
 * longest group title must parse as DingTalk parses it and fit DingTalk's limits (20,000 bytes for a webhook body
 * with its msgUuid, 15,000 for an OpenAPI msgParam, no feedCard for OpenAPI groups).
 */
@ApplicationScoped
public class CampaignValidator {

    /** The longest msgUuid a delivery gets: a run id (UUID) + ':' + a 64-character group id. */
    static final int MSG_UUID_MAX = 36 + 1 + 64;
    static final Duration MAX_STAGGER = Duration.ofHours(6);
    static final String DEFAULT_ZONE = "Asia/Shanghai";

    private final AudienceClient audiences;
    private final DashboardClient dashboards;
    private final DingTalkAppsConfig dingtalk;
    private final PushConfig config;

    public CampaignValidator(AudienceClient audiences, DashboardClient dashboards, DingTalkAppsConfig dingtalk, PushConfig config) {
        this.audiences = audiences;
        this.dashboards = dashboards;
        this.dingtalk = dingtalk;
        this.config = config;
    }

    /**
     * The campaign {@code request} describes, on top of {@code base} (null when creating; a PATCH keeps every field
     * it does not give).
     */
    public Uni<Campaign> validate(CampaignId id, CampaignRequest request, Campaign base) {
        return Uni.createFrom().item(() -> shape(id, request, base))
                .chain(c -> checkDashboard(c).replaceWith(c))
                .chain(this::checkAudienceAndSize);
    }

    private Campaign shape(CampaignId id, CampaignRequest r, Campaign base) {
        String name = r.name() != null ? r.name().strip() : base == null ? null : base.name();
        if (name == null || name.isEmpty()) {
            throw ApiException.badRequest("name", "is required");
        }
        if (name.length() > 200) {
            throw ApiException.badRequest("name", "must be at most 200 characters");
        }
        ObjectNode message;
        if (r.message() != null) {
            if (!r.message().isObject()) {
                throw ApiException.badRequest("message", "must be a DingTalk message object");
            }
            message = (ObjectNode) r.message();
        } else if (base != null) {
            message = base.message();
        } else {
            throw ApiException.badRequest("message", "is required");
        }
        ObjectNode vars;
        if (r.vars() != null && !r.vars().isNull()) {
            if (!r.vars().isObject()) {
                throw ApiException.badRequest("vars", "must be a JSON object");
            }
            vars = (ObjectNode) r.vars();
        } else {
            vars = base != null ? base.vars() : EventJson.mapper().createObjectNode();
        }
        Schedule schedule = r.schedule() != null ? schedule(r.schedule()) : base == null ? null : base.schedule();
        String zone = schedule != null ? schedule.zone() : r.zone() != null ? zone(r.zone(), "zone") : base != null ? base.zone() : DEFAULT_ZONE;
        String dashboard = r.dashboard() != null ? (r.dashboard().isBlank() ? null : r.dashboard().strip()) : base == null ? null : base.dashboardId();
        Map<String, String> unknown = MessageTemplate.unknownVariables(message, vars, dashboard != null);
        if (!unknown.isEmpty()) {
            var first = unknown.entrySet().iterator().next();
            throw ApiException.badRequest("message." + first.getValue(), "unknown template variable {{" + first.getKey() + "}}"
                    + (first.getKey().equals(MessageTemplate.DASHBOARD_URL) ? " (the campaign has no dashboard)"
                    : first.getKey().startsWith(MessageTemplate.VARS) ? " (not a key of vars)"
                    : "; known: group.title, group.id, date, time, datetime, dashboard.url, checkInSummary, vars.<key>"));
        }
        Audience audience = r.audience() != null ? audience(r.audience()) : base == null ? Audience.all() : base.audience();
        CampaignStatus status = base == null ? CampaignStatus.ACTIVE : base.status();
        return new Campaign(id, name, message, vars, zone, audience, schedule, dashboard, status,
                base == null ? 0 : base.audienceSize(), base == null ? null : base.createdAt(), null,
                base == null ? null : base.activeSince(), r.digest() != null ? r.digest() : base != null && base.digest());
    }

    private Schedule schedule(CampaignRequest.ScheduleRequest s) {
        if (s.cron() == null || s.cron().isBlank()) {
            throw ApiException.badRequest("schedule.cron", "is required for a schedule (omit schedule for an on-demand campaign)");
        }
        if (s.zone() == null || s.zone().isBlank()) {
            throw ApiException.badRequest("schedule.zone", "is required: an IANA zone such as Asia/Shanghai");
        }
        String zone = zone(s.zone(), "schedule.zone");
        Cron cron;
        try {
            cron = Cron.parse(s.cron().strip(), ZoneId.of(zone));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("schedule.cron", "is not a Quartz cron expression (seconds minutes hours day-of-month month "
                    + "day-of-week, e.g. 0 0 9,17 * * ?): " + e.getMessage());
        }
        if (cron.nextFireAfter(Instant.now()).isEmpty()) {
            throw ApiException.badRequest("schedule.cron", "never fires again");
        }
        Duration stagger = duration(s.stagger(), "schedule.stagger", Duration.ZERO);
        if (stagger.compareTo(MAX_STAGGER) > 0) {
            throw ApiException.badRequest("schedule.stagger", "must be at most " + MAX_STAGGER);
        }
        Duration grace = duration(s.grace(), "schedule.grace", config.defaultGrace());
        return new Schedule(s.cron().strip(), zone, stagger, grace);
    }

    private static String zone(String zone, String field) {
        try {
            return ZoneId.of(zone.strip()).getId();
        } catch (DateTimeException e) {
            throw ApiException.badRequest(field, "'" + zone + "' is not an IANA time zone (e.g. Asia/Shanghai)");
        }
    }

    private static Duration duration(String value, String field, Duration dflt) {
        if (value == null || value.isBlank()) {
            return dflt;
        }
        try {
            Duration d = Duration.parse(value.strip());
            if (d.isNegative()) {
                throw ApiException.badRequest(field, "must not be negative");
            }
            return d;
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(field, "'" + value + "' is not an ISO-8601 duration (e.g. PT5M)");
        }
    }

    private static Audience audience(CampaignRequest.AudienceRequest a) {
        GroupKind kind = null;
        if (a.kind() != null && !a.kind().isBlank()) {
            try {
                kind = GroupKind.valueOf(a.kind().strip());
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("audience.kind", "must be one of CUSTOM_WEBHOOK, ENTERPRISE_ROBOT, COOL_APP");
            }
        }
        if (a.tags() != null && a.tags().stream().anyMatch(t -> t == null || t.isBlank())) {
            throw ApiException.badRequest("audience.tags", "must not contain empty tags");
        }
        if (a.groupIds() != null && a.groupIds().stream().anyMatch(t -> t == null || t.isBlank())) {
            throw ApiException.badRequest("audience.groupIds", "must not contain empty ids");
        }
        return new Audience(a.tags(), a.groupIds(), kind);
    }

    private Uni<Void> checkDashboard(Campaign c) {
        if (c.dashboardId() == null) {
            return Uni.createFrom().voidItem();
        }
        if (!dashboards.configured()) {
            throw ApiException.badRequest("dashboard", "no screenshot-worker is configured (dingrelay.screenshot-url)");
        }
        return dashboards.exists(c.dashboardId())
                .onFailure().transform(e -> new ApiException(503, "dashboard", "dashboard: cannot ask screenshot-worker: " + e.getMessage()))
                .invoke(exists -> {
                    if (!exists) {
                        throw ApiException.badRequest("dashboard", "'" + c.dashboardId() + "' does not exist");
                    }
                })
                .replaceWithVoid();
    }

    /** What validation needs to know of an audience, gathered in one pass over its stream. */
    private static final class Survey {
        int size;
        int openApi;
        String longestTitle = "";
        int longestTitleBytes = -1;
        String longestId = "";
        final Map<String, Integer> unconfiguredApps = new TreeMap<>();
    }

    private Uni<Campaign> checkAudienceAndSize(Campaign c) {
        return audiences.stream(c.audience())
                .collect().in(Survey::new, (s, e) -> survey(s, e))
                .onFailure(AudienceException.class).transform(e -> {
                    AudienceException a = (AudienceException) e;
                    if (a.status() == 400) {
                        String field = a.getMessage().contains("tag") ? "audience.tags" : "audience";
                        return ApiException.badRequest(field, a.getMessage());
                    }
                    return new ApiException(503, "audience", "audience: the registry could not be asked: " + a.getMessage());
                })
                .map(s -> {
                    if (s.size == 0) {
                        throw ApiException.badRequest("audience", "matches no active group");
                    }
                    if (!s.unconfiguredApps.isEmpty()) {
                        var first = s.unconfiguredApps.entrySet().iterator().next();
                        throw ApiException.badRequest("audience", first.getValue() + " OpenAPI group(s) use app '" + first.getKey()
                                + "', which is not configured (dingtalk.apps." + first.getKey() + ".*)");
                    }
                    checkRendered(c, s);
                    return new Campaign(c.id(), c.name(), c.message(), c.vars(), c.zone(), c.audience(), c.schedule(), c.dashboardId(),
                            c.status(), s.size, c.createdAt(), c.updatedAt(), c.activeSince(), c.digest());
                });
    }

    private void survey(Survey s, AudienceEntry e) {
        s.size++;
        String title = e.title() == null ? "" : e.title();
        int bytes = title.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > s.longestTitleBytes) {
            s.longestTitleBytes = bytes;
            s.longestTitle = title;
        }
        if (e.groupId().value().length() > s.longestId.length()) {
            s.longestId = e.groupId().value();
        }
        if (e.kind().openApi()) {
            s.openApi++;
            String app = e.openApi().app().value();
            if (!dingtalk.apps().containsKey(app)) {
                s.unconfiguredApps.merge(app, 1, Integer::sum);
            }
        }
    }

    private void checkRendered(Campaign c, Survey s) {
        String dashboardUrl = c.dashboardId() == null ? null : dashboards.pageUrl(c.dashboardId());
        MessageTemplate template = MessageTemplate.compile(c.message(), c.vars(), c.zone(), Instant.now(), dashboardUrl);
        // The longest check-in summary a send may carry (CheckInSummaries cuts longer ones): CJK, 3 bytes a character.
        String json = template.render(s.longestId, s.longestTitle, "x".repeat(MSG_UUID_MAX),
                template.usesCheckInSummary() ? "汇".repeat(config.checkInSummary().maxLength()) : "");
        RobotMessage parsed;
        try {
            parsed = MessageCodec.parse(json);
        } catch (DingTalkProtocolException e) {
            throw ApiException.badRequest("message." + e.field(), e.getMessage());
        }
        int bytes = json.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > DingTalkLimits.WEBHOOK_BODY_MAX_BYTES) {
            throw ApiException.badRequest("message", "rendered for the longest group title (" + s.longestTitle.length()
                    + " characters) the body is " + bytes + " bytes, over DingTalk's " + DingTalkLimits.WEBHOOK_BODY_MAX_BYTES);
        }
        if (s.openApi > 0) {
            try {
                OpenApiMessages.of("robot", "cid", null, parsed);
            } catch (MessageTooLargeException e) {
                throw ApiException.badRequest("message", "rendered for the longest group title, the OpenAPI msgParam is "
                        + e.actualBytes() + " bytes, over DingTalk's " + e.limitBytes() + " (" + s.openApi + " OpenAPI groups in the audience)");
            } catch (DingTalkProtocolException e) {
                throw ApiException.badRequest("message." + e.field(), e.getMessage() + " (" + s.openApi + " OpenAPI groups in the audience)");
            }
        }
    }

}
