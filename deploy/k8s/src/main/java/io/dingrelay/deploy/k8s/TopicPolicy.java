package io.dingrelay.deploy.k8s;

import io.dingrelay.events.RetrySchedule;
import io.dingrelay.events.Topics;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

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
            // (push.retry.*: see retryRetention, derived from the schedule.)
            // The operator's replay window for failed deliveries.
            Map.entry(Topics.PUSH_DEAD_LETTER, Duration.ofDays(14)),
            Map.entry(Topics.PUSH_OUTCOMES, Duration.ofDays(7)),
            Map.entry(Topics.SCREENSHOT_REQUESTS, Duration.ofDays(1)),
            Map.entry(Topics.SCREENSHOT_READY, Duration.ofDays(1)));

    private TopicPolicy() {
    }

    /**
     * A delayed-retry topic holds a record until it is due (its step) and then until a sender has taken it: a day
     * covers a sender outage overnight, and a step longer than half a day keeps twice the step. Derived from the
     * schedule, so a new step in events' RetrySchedule needs no edit here.
     */
    static Duration retryRetention(Duration step) {
        Duration twice = step.multipliedBy(2);
        return twice.compareTo(Duration.ofDays(1)) > 0 ? twice : Duration.ofDays(1);
    }

    /** The retention of {@code topic}; a topic added to {@link Topics} without a retention here fails loudly. */
    public static Duration retention(String topic) {
        Optional<Duration> step = RetrySchedule.delayOf(topic);
        if (step.isPresent()) {
            return retryRetention(step.get());
        }
        Duration retention = RETENTION.get(topic);
        if (retention == null) {
            throw new IllegalStateException("topic " + topic + " (events' Topics) has no retention in TopicPolicy");
        }
        return retention;
    }
}
