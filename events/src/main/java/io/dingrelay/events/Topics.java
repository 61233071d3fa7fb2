package io.dingrelay.events;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Kafka topics that connect the services: the contract of design.md's topic table.
 *
 * <p>Keys decide ordering and partition affinity, so each constant says what its records are keyed by.
 * Partition counts are the defaults the local stack and the tests create; operators may create more.
 */
public final class Topics {

    /** Every decrypted event push, unchanged (the audit log). Key: corpId. Producer: gateway. */
    public static final String DINGTALK_EVENTS = "dingtalk.events";

    /** Group and robot lifecycle, normalised. Key: openConversationId, or corpId for org-wide events. Gateway → registry. */
    public static final String ROBOT_EVENTS = "dingtalk.robot-events";

    /** Verified @robot messages with their sessionWebhook. Key: conversationId. Gateway → chat-bridge. */
    public static final String CHAT_MESSAGES = "dingtalk.chat-messages";

    /** Batches of deliveries of one run. Key: the batch partition key (a target always maps to the same one). */
    public static final String PUSH_BATCHES = "push.batches";

    /** Prefix of the delayed-retry topics; one topic per delay step (see {@link #PUSH_RETRY_TOPICS}). */
    public static final String PUSH_RETRY_PREFIX = "push.retry.";

    /**
     * Deliveries waiting for their next attempt, one topic per step of {@link RetrySchedule#STEPS} (30 s, 5 min,
     * 15 min, 1 h, 4 h; why those, see there). Key: as {@link #PUSH_BATCHES}.
     */
    public static final List<String> PUSH_RETRY_TOPICS = RetrySchedule.topics();

    /** Deliveries that exhausted retries or failed permanently. Key: as {@link #PUSH_BATCHES}. */
    public static final String PUSH_DEAD_LETTER = "push.dead-letter";

    /** One outcome per delivery attempt. Key: target id. Senders → registry, ledger. */
    public static final String PUSH_OUTCOMES = "push.outcomes";

    /** Render requests. Key: dashboard id. Dispatcher → screenshot-worker. */
    public static final String SCREENSHOT_REQUESTS = "screenshot.requests";

    /** Rendered image URLs. Key: dashboard id. Screenshot-worker → dispatcher. */
    public static final String SCREENSHOT_READY = "screenshot.ready";

    /**
     * Default partition count of push topics: the unit of parallelism of the dispatcher's senders. Retry and
     * dead-letter topics must have the same count as {@link #PUSH_BATCHES} so a target keeps its partition.
     */
    public static final int PUSH_PARTITIONS = 12;

    /** Default partition count of the ingress topics (keyed by conversation, so order holds per group). */
    public static final int INGRESS_PARTITIONS = 6;

    private Topics() {
    }

    /** Every topic with its default partition count, in creation order. */
    public static Map<String, Integer> all() {
        Map<String, Integer> topics = new LinkedHashMap<>();
        topics.put(DINGTALK_EVENTS, INGRESS_PARTITIONS);
        topics.put(ROBOT_EVENTS, INGRESS_PARTITIONS);
        topics.put(CHAT_MESSAGES, INGRESS_PARTITIONS);
        topics.put(PUSH_BATCHES, PUSH_PARTITIONS);
        PUSH_RETRY_TOPICS.forEach(t -> topics.put(t, PUSH_PARTITIONS));
        topics.put(PUSH_DEAD_LETTER, PUSH_PARTITIONS);
        topics.put(PUSH_OUTCOMES, PUSH_PARTITIONS);
        topics.put(SCREENSHOT_REQUESTS, 1);
        topics.put(SCREENSHOT_READY, 1);
        return topics;
    }
}
