package io.dingrelay.gateway.stream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dingrelay.events.EventJson;

/**
 * The ACKs written back on the socket, one per downstream frame (dingtalk-protocol.md §6.4):
 * {@code {"code":…,"headers":{"messageId":…,"contentType":"application/json"},"message":…,"data":"…"}}.
 */
final class StreamAcks {

    static final String EVENT_SUCCESS = "{\"status\":\"SUCCESS\",\"message\":\"success\"}";
    static final String EVENT_LATER = "{\"status\":\"LATER\",\"message\":\"not durable yet, deliver again later\"}";
    static final String CALLBACK_EMPTY = "{\"response\":null}";

    private StreamAcks() {
    }

    static String ack(String messageId, int code, String message, String data) {
        ObjectNode a = EventJson.mapper().createObjectNode();
        a.put("code", code);
        a.putObject("headers").put("messageId", messageId).put("contentType", "application/json");
        a.put("message", message);
        a.put("data", data);
        return a.toString();
    }
}
