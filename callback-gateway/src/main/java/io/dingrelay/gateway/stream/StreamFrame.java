package io.dingrelay.gateway.stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.dingrelay.events.EventJson;

/**
 * A downstream Stream frame (dingtalk-protocol.md §6.3): {@code type} EVENT, CALLBACK or SYSTEM, the string headers
 * ({@code topic}, {@code messageId} always; {@code event*} for events) and {@code data}, a JSON document in a string.
 */
record StreamFrame(String type, String topic, String messageId, JsonNode headers, String data) {

    static final String EVENT = "EVENT";
    static final String CALLBACK = "CALLBACK";
    static final String SYSTEM = "SYSTEM";
    /** Robot @-messages; other CALLBACK topics (cards, AI plugins) are not ours and are ACKed 404. */
    static final String ROBOT_TOPIC = "/v1.0/im/bot/messages/get";
    static final String PING = "ping";
    static final String DISCONNECT = "disconnect";

    /** A frame that cannot be handled; {@link #messageId()} is null when even that could not be read. */
    static final class MalformedFrameException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String messageId;

        MalformedFrameException(String messageId, String detail) {
            super(detail, null, false, false);
            this.messageId = messageId;
        }

        String messageId() {
            return messageId;
        }
    }

    /** Reads a frame; C-PEDIA's example misspells {@code header}, the protocol says {@code headers} (§6.3). */
    static StreamFrame parse(String text) {
        JsonNode n;
        try {
            n = EventJson.mapper().readTree(text);
        } catch (Exception e) {
            throw new MalformedFrameException(null, "not JSON");
        }
        if (n == null || !n.isObject()) {
            throw new MalformedFrameException(null, "not a JSON object");
        }
        JsonNode headers = n.get("headers");
        String messageId = headers == null ? null : text(headers, "messageId");
        if (messageId == null || messageId.isEmpty()) {
            throw new MalformedFrameException(null, "no headers.messageId");
        }
        String type = text(n, "type");
        String topic = text(headers, "topic");
        if (type == null || topic == null) {
            throw new MalformedFrameException(messageId, type == null ? "no type" : "no headers.topic");
        }
        JsonNode data = n.get("data");
        if (data != null && !data.isTextual() && !data.isNull()) {
            throw new MalformedFrameException(messageId, "data is not a string");
        }
        return new StreamFrame(type, topic, messageId, headers, data == null || data.isNull() ? null : data.textValue());
    }

    String header(String name) {
        return text(headers, name);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.isTextual() ? v.textValue() : null;
    }
}
