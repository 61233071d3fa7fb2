package io.dingrelay.dispatcher.messaging;

import io.dingrelay.dispatcher.planning.Partitioning;
import io.dingrelay.events.CloudEventTypes;
import io.dingrelay.events.Topics;
import io.dingrelay.events.push.DeadLetter;
import io.dingrelay.events.push.Delivery;
import io.dingrelay.events.push.DeliveryOutcome;
import io.dingrelay.events.push.PushBatch;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;

/**
 * Every write of the push path: batches from the planner, retries, outcomes and dead letters from the senders.
 * Each Uni completes when the broker has acknowledged the record (acks=all), so callers ack their input only
 * after their output is durable.
 */
@ApplicationScoped
public class PushPublisher {

    private final MutinyEmitter<String> batches;
    private final MutinyEmitter<String> retries;
    private final MutinyEmitter<String> outcomes;
    private final MutinyEmitter<String> deadLetters;

    public PushPublisher(@Channel("batches-out") MutinyEmitter<String> batches,
            @Channel("retries-out") MutinyEmitter<String> retries,
            @Channel("outcomes-out") MutinyEmitter<String> outcomes,
            @Channel("dead-letters-out") MutinyEmitter<String> deadLetters) {
        this.batches = batches;
        this.retries = retries;
        this.outcomes = outcomes;
        this.deadLetters = deadLetters;
    }

    /**
     * A batch, on the partition its key names ({@link io.dingrelay.dispatcher.planning.Partitioning}): every target of
     * a batch belongs to that partition, so a target always reaches the same sender.
     */
    public Uni<Void> batch(PushBatch batch) {
        return batches.sendMessage(CloudEventMessages.of(null, Partitioning.partitionOfKey(batch.partitionKey()), batch.partitionKey(),
                batch.runId().value() + ":" + batch.batchId(), CloudEventTypes.PUSH_BATCH, batch));
    }

    /**
     * @param retryTopic one of {@link Topics#PUSH_RETRY_TOPICS}, the back-off step the delivery waits on
     */
    public Uni<Void> retry(String retryTopic, Delivery delivery) {
        if (!Topics.PUSH_RETRY_TOPICS.contains(retryTopic)) {
            throw new IllegalArgumentException("not a retry topic: " + retryTopic);
        }
        return retries.sendMessage(CloudEventMessages.of(retryTopic, Partitioning.partitionOfKey(delivery.partitionKey()), delivery.partitionKey(), delivery.deliveryId(),
                CloudEventTypes.PUSH_DELIVERY, delivery));
    }

    public Uni<Void> outcome(DeliveryOutcome outcome) {
        return outcomes.sendMessage(CloudEventMessages.of(null, outcome.groupId().value(),
                outcome.deliveryId() + ":" + outcome.attempt(), CloudEventTypes.PUSH_OUTCOME, outcome));
    }

    public Uni<Void> deadLetter(DeadLetter deadLetter) {
        Delivery delivery = deadLetter.delivery();
        return deadLetters.sendMessage(CloudEventMessages.of(null, Partitioning.partitionOfKey(delivery.partitionKey()), delivery.partitionKey(), delivery.deliveryId(),
                CloudEventTypes.PUSH_DEAD_LETTER, deadLetter));
    }
}
