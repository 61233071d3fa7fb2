package io.dingrelay.events.push;

import io.dingrelay.events.ids.CampaignId;
import io.dingrelay.events.ids.RunId;
import java.time.Instant;

/**
 * One delivery (a message to one target) waiting on a {@code push.retry.*} topic for its next attempt.
 *
 * @param runId        the run
 * @param campaignId   the campaign
 * @param partitionKey the key it keeps across retries
 * @param target       the group and its encrypted credentials
 * @param message      the message template and what it is rendered with
 * @param attempt      the number of attempts already made
 * @param notBefore    the earliest time of the next attempt
 * @param lastCode     the DingTalk errcode (or failure) of the last attempt
 * @param firstParkedAt when the delivery first left its batch for a retry topic (a failure or a throttle): the
 *                     senders' maximum age counts from here; null = unknown (a replayed delivery), no maximum age
 */
public record Delivery(
        RunId runId,
        CampaignId campaignId,
        String partitionKey,
        DeliveryTarget target,
        PushMessage message,
        int attempt,
        Instant notBefore,
        String lastCode,
        Instant firstParkedAt) {

    /** A delivery without a known first park (replay): no maximum age applies. */
    public Delivery(RunId runId, CampaignId campaignId, String partitionKey, DeliveryTarget target, PushMessage message, int attempt,
            Instant notBefore, String lastCode) {
        this(runId, campaignId, partitionKey, target, message, attempt, notBefore, lastCode, null);
    }

    /** The id that makes re-processing harmless: runId + targetId (design.md). */
    public String deliveryId() {
        return runId.value() + ":" + target.groupId().value();
    }
}
