package io.dingrelay.gateway.mapping;

import io.dingrelay.events.CloudEvent;
import io.dingrelay.events.CloudEventTypes;
import io.dingrelay.events.EventJson;
import io.dingrelay.events.Topics;
import io.dingrelay.events.chat.ChatMessage;
import io.dingrelay.events.robot.RobotEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Builds the Kafka records of the topic table (design.md): CloudEvents in binary mode, {@code ce_*} headers and JSON
 * values, keyed for ordering and partition affinity.
 */
public final class CloudEventRecords {

    private CloudEventRecords() {
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
        return record(Topics.DINGTALK_EVENTS, key, ce, plaintext.getBytes(StandardCharsets.UTF_8));
    }

    /** A normalised lifecycle event for {@code dingtalk.robot-events}, keyed by {@link RobotEvent#key()}. */
    public static ProducerRecord<String, byte[]> robotEvent(String source, RobotEvent event) {
        CloudEvent ce = new CloudEvent(event.eventId().value(), source, event.cloudEventType(),
                event.conversationId() != null ? event.conversationId().value() : null, event.occurredAt());
        return record(Topics.ROBOT_EVENTS, event.key(), ce, json(event));
    }

    /** A verified robot message for {@code dingtalk.chat-messages}, keyed by conversationId. */
    public static ProducerRecord<String, byte[]> chatMessage(String source, ChatMessage message) {
        CloudEvent ce = new CloudEvent(message.msgId().value(), source, CloudEventTypes.CHAT_MESSAGE,
                message.conversationId().value(), message.createdAt() != null ? message.createdAt() : message.receivedAt());
        return record(Topics.CHAT_MESSAGES, message.conversationId().value(), ce, json(message));
    }

    /** UTF-8 JSON with the shared mapper (events module), straight to bytes. */
    private static byte[] json(Object payload) {
        try {
            return EventJson.mapper().writeValueAsBytes(payload);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a " + payload.getClass().getSimpleName(), e);
        }
    }

    private static ProducerRecord<String, byte[]> record(String topic, String key, CloudEvent ce, byte[] value) {
        Map<String, byte[]> headers = ce.headerBytes();
        List<Header> kafkaHeaders = new ArrayList<>(headers.size());
        headers.forEach((name, bytes) -> kafkaHeaders.add(new RecordHeader(name, bytes)));
        return new ProducerRecord<>(topic, null, null, key, value, kafkaHeaders);
    }
}
