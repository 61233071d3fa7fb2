package io.dingrelay.events.push;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * What a run sends: the campaign's message template and everything it is rendered with, except the group, which
 * each target brings. The sender renders it per target (group title, date and time in the campaign's zone at the
 * run's fire time, the dashboard image URL, the campaign's {@code vars}).
 *
 * @param template     the DingTalk webhook message JSON with {@code {{…}}} placeholders
 * @param vars         the campaign's {@code vars} object (never null; {@code {}} when none)
 * @param zone         the IANA zone dates and times are shown in
 * @param firedAt      the run's fire time (a scheduled slot, or when an on-demand run was asked for)
 * @param dashboardUrl the dashboard image URL, or null when the campaign has no dashboard
 */
public record PushMessage(JsonNode template, JsonNode vars, String zone, Instant firedAt, String dashboardUrl) {
}
