package io.dingrelay.chat.mapping;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dingrelay.events.EventJson;
import io.dingrelay.events.chat.ChatMessage;

/**
 * The echo answer to a message: a DingTalk text message (dingtalk-protocol.md §3.4) that quotes the text and
 * @-mentions the sender, e.g. {@code {"msgtype":"text","text":{"content":"echo: hi"},"at":{"atUserIds":["u1"]}}}.
 */
public final class EchoReply {

    static final String PREFIX = "echo: ";

    private EchoReply() {
    }

    public static ObjectNode to(ChatMessage message) {
        ObjectNode reply = EventJson.mapper().createObjectNode();
        reply.put("msgtype", "text");
        reply.putObject("text").put("content", PREFIX + quoted(message));
        String staffId = message.sender() == null ? null : message.sender().staffId();
        // DingTalk leaves staffId empty for external members; they can only be answered without the mention.
        if (staffId != null && !staffId.isBlank()) {
            reply.putObject("at").putArray("atUserIds").add(staffId);
        }
        return reply;
    }

    /** The text, or the kind of message for pictures, files and the like, which carry none. */
    private static String quoted(ChatMessage message) {
        if (message.text() != null) {
            return message.text();
        }
        return "[" + (message.msgtype() == null ? "message" : message.msgtype()) + "]";
    }
}
