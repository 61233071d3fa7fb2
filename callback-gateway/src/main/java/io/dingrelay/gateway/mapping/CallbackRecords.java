package io.dingrelay.gateway.mapping;

import io.dingrelay.events.CloudEvent;
import io.dingrelay.events.CloudEventTypes;
import io.dingrelay.events.Topics;
import io.dingrelay.events.chat.ChatMessage;
import io.dingrelay.events.robot.RobotEvent;
import io.dingrelay.messaging.CloudEventRecords;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The gateway's records of the topic table (design.md): which topic, key and CloudEvent attributes each callback
 * gives. Writing them (binary-mode {@code ce_*} headers, JSON values) is the messaging module's
 * {@link CloudEventRecords}.
 */
public final class CallbackRecords {

    private CallbackRecords() {
    }

    /**
     * A decrypted event push, unchanged, for {@code dingtalk.events}: key corpId, {@code ce_subject} the EventType.
     *
     * @param plaintext the decrypted JSON exactly as DingTalk encrypted it
     * @param key       the corpId (or the app name when the event names no organisation)
     */
    public static ProducerRecord<String, byte[]> dingTalkEvent(String source, String id, String eventType, String key,
            Instant time, String plaintext) {
        CloudEvent ce = new CloudEvent(id, source, CloudEventTypes.DINGTALK_EVENT, eventType, time);
        return CloudEventRecords.record(Topics.DINGTALK_EVENTS, key, ce, plaintext.getBytes(StandardCharsets.UTF_8));
    }

    /** A normalised lifecycle event for {@code dingtalk.robot-events}, keyed by {@link RobotEvent#key()}. */
    public static ProducerRecord<String, byte[]> robotEvent(String source, RobotEvent event) {
        CloudEvent ce = new CloudEvent(event.eventId().value(), source, event.cloudEventType(),
                event.conversationId() != null ? event.conversationId().value() : null, event.occurredAt());
        return CloudEventRecords.record(Topics.ROBOT_EVENTS, event.key(), ce, (Object) event);
    }

    /**
     * A verified robot message for {@code dingtalk.chat-messages}, keyed by conversationId, with {@code body} written
     * as the bytes DingTalk sent rather than re-serialised from their parsed tree: they were just parsed and
     * validated as one strict UTF-8 JSON object (the parser refuses a leading byte order mark), so they are valid
     * JSON, and the value is the same document as the message with the tree as its body (field order included; only
     * insignificant formatting such as whitespace and escapes may differ, and they are DingTalk's own).
     *
     * @param message the message with {@code body} null
     * @param rawBody the callback body as received
     */
    public static ProducerRecord<String, byte[]> chatMessage(String source, ChatMessage message, byte[] rawBody) {
        return CloudEventRecords.record(Topics.CHAT_MESSAGES, message.conversationId().value(), chatMessageEvent(source, message),
                withRawBody(message, rawBody));
    }

    private static CloudEvent chatMessageEvent(String source, ChatMessage message) {
        return new CloudEvent(message.msgId().value(), source, CloudEventTypes.CHAT_MESSAGE,
                message.conversationId().value(), message.createdAt() != null ? message.createdAt() : message.receivedAt());
    }

    private static final byte[] BODY_FIELD = ",\"body\":".getBytes(StandardCharsets.US_ASCII);

    /** The JSON of {@code message} with {@code "body":<raw>} as its last member, where ChatMessage declares it. */
    static byte[] withRawBody(ChatMessage message, byte[] raw) {
        if (message.body() != null) {
            throw new IllegalArgumentException("the message must not carry the body as a tree as well");
        }
        byte[] rest = CloudEventRecords.json(message); // {...} without "body" (null members are not written)
        byte[] out = new byte[rest.length - 1 + BODY_FIELD.length + raw.length + 1];
        System.arraycopy(rest, 0, out, 0, rest.length - 1);
        System.arraycopy(BODY_FIELD, 0, out, rest.length - 1, BODY_FIELD.length);
        System.arraycopy(raw, 0, out, rest.length - 1 + BODY_FIELD.length, raw.length);
        out[out.length - 1] = '}';
        return out;
    }
}
