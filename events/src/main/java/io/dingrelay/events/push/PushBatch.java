package io.dingrelay.events.push;

import io.dingrelay.events.ids.CampaignId;
import io.dingrelay.events.ids.RunId;
import java.time.Instant;
import java.util.List;

/**
 * A batch of deliveries of one run on {@code push.batches}, keyed by {@link #partitionKey()} so that a target
 * always lands on the same partition and so the same sender (which owns that robot's token bucket).
 *
 * @param batchId    unique within the run
 * @param runId      the run
 * @param campaignId the campaign the run belongs to
 * @param partitionKey the record key
 * @param message    the message template and what it is rendered with, for every target
 * @param targets    the groups
 * @param createdAt  when the planner wrote it
 */
public record PushBatch(
        String batchId,
        RunId runId,
        CampaignId campaignId,
        String partitionKey,
        PushMessage message,
        List<DeliveryTarget> targets,
        Instant createdAt) {

    public PushBatch {
        targets = targets == null ? List.of() : List.copyOf(targets);
    }
}
