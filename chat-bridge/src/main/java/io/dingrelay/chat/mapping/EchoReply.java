package io.dingrelay.chat.mapping;

import io.dingrelay.events.chat.ChatMessage;
import io.dingrelay.protocol.message.At;
import io.dingrelay.protocol.message.TextMessage;

/**
 * The echo answer to a message: a DingTalk text message (dingtalk-protocol.md §3.4) that quotes the text and
 * @-mentions the sender, e.g. {@code {"msgtype":"text","text":{"content":"echo: hi"},"at":{"atUserIds":["u1"],"isAtAll":false}}}.
 */
public final class EchoReply {

    static final String PREFIX = "echo: ";

    private EchoReply() {
    }

    public static TextMessage to(ChatMessage message) {
        String staffId = message.sender() == null ? null : message.sender().staffId();
        // DingTalk leaves staffId empty for external members; they can only be answered without the mention.
        At at = staffId == null || staffId.isBlank() ? null : At.userIds(staffId);
        return TextMessage.of(PREFIX + quoted(message), at);
    }

    /** The text, or the kind of message for pictures, files and the like, which carry none. */
    private static String quoted(ChatMessage message) {
        if (message.text() != null) {
            return message.text();
        }
        return "[" + (message.msgtype() == null ? "message" : message.msgtype()) + "]";
    }
}
