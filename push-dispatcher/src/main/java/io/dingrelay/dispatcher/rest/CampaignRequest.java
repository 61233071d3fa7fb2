package io.dingrelay.dispatcher.rest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * {@code POST /api/campaigns} and {@code PATCH /api/campaigns/{id}} (every field optional in a PATCH).
 *
 * <pre>{@code
 * {"name":"每日疫情通报",
 *  "message":{"msgtype":"markdown","markdown":{"title":"{{group.title}} 日报","text":"#### {{date}} {{time}}\n确诊 {{vars.confirmed}}\n![]({{dashboard.url}})"}},
 *  "vars":{"confirmed":12},
 *  "audience":{"tags":["疫情"]},                       // or {"groupIds":[…]}, {"kind":"CUSTOM_WEBHOOK"}; omitted: all active groups
 *  "schedule":{"cron":"0 0 9,17 * * ?","zone":"Asia/Shanghai","stagger":"PT5M","grace":"PT10M"},   // omitted: on demand
 *  "zone":"Asia/Shanghai",                            // on-demand campaigns: the zone of {{date}} and {{time}}
 *  "dashboard":"epidemic",
 *  "digest":false}                                    // true: alerting, merge a group's backlog into digests (README "Digest")
 * }</pre>
 */
public record CampaignRequest(String name, JsonNode message, JsonNode vars, AudienceRequest audience, ScheduleRequest schedule,
                              String zone, String dashboard, String status, Boolean digest) {

    public record AudienceRequest(List<String> tags, List<String> groupIds, String kind) {
    }

    /** {@code stagger} and {@code grace} are ISO-8601 durations ({@code PT5M}). */
    public record ScheduleRequest(String cron, String zone, String stagger, String grace) {
    }
}
