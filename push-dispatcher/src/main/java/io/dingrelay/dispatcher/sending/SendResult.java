package io.dingrelay.dispatcher.sending;

import io.dingrelay.events.push.DeliveryTarget;
import java.time.Instant;

/**
 * One claimed delivery's turn: its target, the claim's attempt number (the ledger's {@code attempts} after the claim),
 * what the sender made of it, how long that took, and when it first left its batch for a retry topic (null: not yet).
 *
 * @param sent     null when it was not tried because its run is paused
 * @param digestOf how many messages the digest that carried it merged (0: sent on its own)
 */
record SendResult(DeliveryTarget target, int attempt, TargetSender.Sent sent, long nanos, Instant firstParkedAt, int digestOf) {

    SendResult(DeliveryTarget target, int attempt, TargetSender.Sent sent, long nanos, Instant firstParkedAt) {
        this(target, attempt, sent, nanos, firstParkedAt, 0);
    }

    boolean runPaused() {
        return sent == null;
    }
}
