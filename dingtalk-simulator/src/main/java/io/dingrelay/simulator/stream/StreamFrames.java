package io.dingrelay.simulator.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;

/**
 * The downstream frames DingTalk writes on a Stream socket (dingtalk-protocol.md §6.3) and the ACKs it reads back
 * (§6.4). Header values are strings; {@code data} is a JSON document in a string.
 */
public final class StreamFrames {

    public static final String EVENT = "EVENT";
    public static final String CALLBACK = "CALLBACK";
    public static final String SYSTEM = "SYSTEM";
    /** Robot @-messages (§6.3). */
    public static final String ROBOT_TOPIC = "/v1.0/im/bot/messages/get";
    public static final String PING = "ping";
    public static final String DISCONNECT = "disconnect";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private StreamFrames() {
    }

    /** {@code {"specVersion":"1.0","type":…,"headers":{topic,messageId,contentType,time,…extra},"data":"…"}}. */
    public static String frame(String type, String topic, String messageId, Map<String, String> extraHeaders, String data) {
        ObjectNode f = MAPPER.createObjectNode();
        f.put("specVersion", "1.0");
        f.put("type", type);
        ObjectNode h = f.putObject("headers");
        h.put("topic", topic);
        h.put("messageId", messageId);
        h.put("contentType", "application/json");
        h.put("time", Long.toString(System.currentTimeMillis()));
        if (extraHeaders != null) {
            extraHeaders.forEach(h::put);
        }
        f.put("data", data);
        return f.toString();
    }

    /** An ACK as read: {@code code}, {@code headers.messageId}, {@code message}, {@code data} (null when absent). */
    public record Ack(int code, String messageId, String message, String data) {

        /** For an EVENT ACK: {@code data.status} ({@code SUCCESS} or {@code LATER}), null when absent or unreadable. */
        public String eventStatus() {
            JsonNode d = json(data);
            JsonNode s = d == null ? null : d.get("status");
            return s != null && s.isTextual() ? s.textValue() : null;
        }
    }

    /** Reads an ACK; null when it is not a JSON object with a numeric {@code code} and {@code headers.messageId}. */
    public static Ack readAck(String text) {
        JsonNode n = json(text);
        if (n == null) {
            return null;
        }
        JsonNode code = n.get("code");
        JsonNode id = n.path("headers").get("messageId");
        if (code == null || !code.canConvertToInt() || id == null || !id.isTextual()) {
            return null;
        }
        JsonNode msg = n.get("message");
        JsonNode data = n.get("data");
        return new Ack(code.intValue(), id.textValue(), msg != null && msg.isTextual() ? msg.textValue() : null,
                data == null || data.isNull() ? null : data.isTextual() ? data.textValue() : data.toString());
    }

    static JsonNode json(String text) {
        if (text == null) {
            return null;
        }
        try {
            JsonNode n = MAPPER.readTree(text);
            return n != null && n.isObject() ? n : null;
        } catch (Exception e) {
            return null;
        }
    }

    static ObjectMapper mapper() {
        return MAPPER;
    }
}
