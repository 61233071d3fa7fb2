package io.dingrelay.simulator.stream;

/**
 * One entry of the open call's {@code subscriptions} (§6.1): {@code EVENT} (topic {@code *}) or {@code CALLBACK}
 * with its topic, e.g. {@code /v1.0/im/bot/messages/get}.
 */
public record Subscription(String type, String topic) {

    /** Whether a frame of {@code type} on {@code topic} goes to a connection with this subscription. */
    public boolean matches(String frameType, String frameTopic) {
        return type.equals(frameType) && (topic.equals("*") || topic.equals(frameTopic));
    }
}
