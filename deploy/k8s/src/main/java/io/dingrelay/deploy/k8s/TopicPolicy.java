package io.dingrelay.deploy.k8s;

import io.dingrelay.events.Topics;
import java.time.Duration;
import java.util.Map;

/**
 * How long each topic keeps its records in production, and how many copies must acknowledge a write.
 * Partition counts are not here: they come from {@link Topics#all()} (events), the one source of truth.
 *
 * <p>Retention follows what each topic is for: the event audit log is kept for replay, the dead letters for the
 * operator's replay window, chat messages only while their sessionWebhook could still answer.
 */
public final class TopicPolicy {

    /** Three copies on three Kafka nodes; two must have a write before the producer (acks=all) hears it is durable. */
    public static final int REPLICAS = 3;
    public static final int MIN_IN_SYNC_REPLICAS = 2;

    private static final Map<String, Duration> RETENTION = Map.ofEntries(
            // The audit log of every decrypted event push: replayable for a month.
            Map.entry(Topics.DINGTALK_EVENTS, Duration.ofDays(30)),
            // Lifecycle events: a week covers a registry outage and a replay after a fix.
            Map.entry(Topics.ROBOT_EVENTS, Duration.ofDays(7)),
            // A sessionWebhook expires after about 90 minutes (dingtalk-protocol.md): older messages cannot be answered.
            Map.entry(Topics.CHAT_MESSAGES, Duration.ofDays(1)),
            // Runs are twice a day; two days keep yesterday's batches for a re-run after a sender outage.
            Map.entry(Topics.PUSH_BATCHES, Duration.ofDays(2)),
            // The longest back-off step is 15 minutes; a day is ample for a delayed retry.
            Map.entry(Topics.PUSH_RETRY_PREFIX + "30s", Duration.ofDays(1)),
            Map.entry(Topics.PUSH_RETRY_PREFIX + "5m", Duration.ofDays(1)),
            Map.entry(Topics.PUSH_RETRY_PREFIX + "15m", Duration.ofDays(1)),
            // The operator's replay window for failed deliveries.
            Map.entry(Topics.PUSH_DEAD_LETTER, Duration.ofDays(14)),
            Map.entry(Topics.PUSH_OUTCOMES, Duration.ofDays(7)),
            Map.entry(Topics.SCREENSHOT_REQUESTS, Duration.ofDays(1)),
            Map.entry(Topics.SCREENSHOT_READY, Duration.ofDays(1)));

    private TopicPolicy() {
    }

    /** The retention of {@code topic}; a topic added to {@link Topics} without a retention here fails loudly. */
    public static Duration retention(String topic) {
        Duration retention = RETENTION.get(topic);
        if (retention == null) {
            throw new IllegalStateException("topic " + topic + " (events' Topics) has no retention in TopicPolicy");
        }
        return retention;
    }
}
