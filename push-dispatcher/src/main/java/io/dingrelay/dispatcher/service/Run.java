package io.dingrelay.dispatcher.service;

import io.dingrelay.events.ids.CampaignId;
import io.dingrelay.events.ids.RunId;
import java.time.Instant;

/**
 * One execution of a campaign.
 *
 * @param trigger         MANUAL, SCHEDULE or REPLAY
 * @param scheduledFor    the slot of a scheduled run; for an on-demand run the time it was asked for
 * @param status          PLANNING, SENDING, PAUSED, FINISHED, CANCELLED or MISSED
 * @param batchesPublished batches already on push.batches
 * @param pauseReason     why the run is paused ("monthly quota of corp X exhausted", an operator's reason); null when
 *                        not paused. A run paused while PLANNING keeps planning and becomes PAUSED when planned.
 * @param pausedAt        since when; null when not paused
 */
public record Run(RunId id, CampaignId campaignId, String trigger, Instant scheduledFor, String status, int total,
                  String idempotencyKey, int batchesPublished, Instant createdAt, Instant startedAt, Instant plannedAt,
                  Instant finishedAt, Long durationMs, String reason, String pauseReason, Instant pausedAt) {

    public Instant firedAt() {
        return scheduledFor != null ? scheduledFor : createdAt;
    }
}
