package io.dingrelay.events.push;

import io.dingrelay.events.ids.GroupId;
import io.dingrelay.events.ids.RunId;
import java.time.Instant;

/**
 * The outcome of one delivery attempt on {@code push.outcomes} (key: target id), read by the registry (to
 * disable dead groups) and the delivery ledger.
 *
 * @param runId   the run
 * @param groupId the target
 * @param attempt 1 for the first attempt
 * @param status  what happened
 * @param code    DingTalk's errcode or error code string, or a failure name; null when delivered
 * @param message DingTalk's errmsg or the failure's description (never a credential)
 * @param at      when the attempt finished
 */
public record DeliveryOutcome(
        RunId runId, GroupId groupId, int attempt, DeliveryStatus status, String code, String message, Instant at) {

    /** runId + targetId: consumers are idempotent on it together with {@link #attempt}. */
    public String deliveryId() {
        return runId.value() + ":" + groupId.value();
    }
}
