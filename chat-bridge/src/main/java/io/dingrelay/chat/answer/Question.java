package io.dingrelay.chat.answer;

import io.dingrelay.events.chat.ChatMessage;
import java.time.Instant;

/**
 * A question to answer: the message it came in and its text, read by {@link QuestionReader} (stripped, at most
 * {@code dingrelay.chat.max-question-chars} long, never blank).
 */
public record Question(ChatMessage message, String text, Instant receivedAt) {

    /** The sender's staffId, or their (encrypted) DingTalk id for external members, who have none. */
    public String senderKey() {
        ChatMessage.Sender s = message.sender();
        if (s == null) {
            return "unknown";
        }
        return s.staffId() != null && !s.staffId().isBlank() ? s.staffId() : s.id();
    }

    public String senderNick() {
        return message.sender() == null || message.sender().nick() == null ? "" : message.sender().nick();
    }
}
