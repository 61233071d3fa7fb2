package io.dingrelay.dispatcher.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import io.dingrelay.dispatcher.service.Campaign;
import java.time.Instant;
import java.util.List;

/** A campaign as the API shows it. */
public record CampaignView(String id, String name, String status, JsonNode message, JsonNode vars, String zone, AudienceView audience,
                           ScheduleView schedule, String dashboard, int audienceSize, Instant createdAt, Instant updatedAt,
                           boolean digest) {

    public record AudienceView(List<String> tags, List<String> groupIds, String kind) {
    }

    public record ScheduleView(String cron, String zone, String stagger, String grace) {
    }

    public static CampaignView of(Campaign c) {
        var s = c.schedule();
        return new CampaignView(c.id().value(), c.name(), c.status().name(), c.message(), c.vars(), c.zone(),
                new AudienceView(c.audience().tags(), c.audience().groupIds(), c.audience().kind() == null ? null : c.audience().kind().name()),
                s == null ? null : new ScheduleView(s.cron(), s.zone(), s.stagger().toString(), s.grace().toString()),
                c.dashboardId(), c.audienceSize(), c.createdAt(), c.updatedAt(), c.digest());
    }
}
