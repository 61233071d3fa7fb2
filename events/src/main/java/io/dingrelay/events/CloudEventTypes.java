package io.dingrelay.events;

/**
 * CloudEvents {@code type} values of the records on our topics (reverse-DNS, versioned), so any CloudEvents
 * consumer (Knative Eventing included) can route on them without reading the data.
 */
public final class CloudEventTypes {

    /** A decrypted DingTalk event push, unchanged; {@code ce_subject} carries its EventType. */
    public static final String DINGTALK_EVENT = "io.dingrelay.dingtalk.event.v1";
    /** A verified @robot message. */
    public static final String CHAT_MESSAGE = "io.dingrelay.chat.message.v1";
    /** Prefix of group/robot lifecycle events; the suffix is {@link io.dingrelay.events.robot.RobotEventKind#typeSuffix()}. */
    public static final String ROBOT_EVENT_PREFIX = "io.dingrelay.robot.";
    /** A batch of deliveries. */
    public static final String PUSH_BATCH = "io.dingrelay.push.batch.v1";
    /** A delivery waiting on a {@code push.retry.*} topic for its next attempt. */
    public static final String PUSH_DELIVERY = "io.dingrelay.push.delivery.v1";
    /** A delivery attempt's outcome. */
    public static final String PUSH_OUTCOME = "io.dingrelay.push.outcome.v1";
    /** A delivery given up on. */
    public static final String PUSH_DEAD_LETTER = "io.dingrelay.push.dead-letter.v1";
    /** A render request. */
    public static final String SCREENSHOT_REQUEST = "io.dingrelay.screenshot.request.v1";
    /** A rendered image. */
    public static final String SCREENSHOT_READY = "io.dingrelay.screenshot.ready.v1";

    private CloudEventTypes() {
    }
}
