package io.dingrelay.dispatcher.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dingrelay.events.ids.CampaignId;
import java.time.Instant;

/**
 * A campaign as stored: what to send (a template), to whom, when.
 *
 * @param zone        the IANA zone the template's date and time are shown in
 * @param schedule    null for an on-demand campaign
 * @param dashboardId null for none
 * @param activeSince schedule slots before this are never fired (creation, or the last resume)
 * @param audienceSize how many groups the audience had when last validated or planned
 * @param digest      alerting: a group's pending messages of digest campaigns are merged into one markdown digest when
 *                    they are more than its robot may send in the coming minute (README "Digest")
 */
public record Campaign(CampaignId id, String name, ObjectNode message, ObjectNode vars, String zone, Audience audience, Schedule schedule,
                       String dashboardId, CampaignStatus status, int audienceSize, Instant createdAt, Instant updatedAt,
                       Instant activeSince, boolean digest) {
}
