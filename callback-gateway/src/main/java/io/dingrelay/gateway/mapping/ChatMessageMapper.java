package io.dingrelay.gateway.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import io.dingrelay.events.chat.ChatMessage;
import io.dingrelay.events.ids.AppName;
import io.dingrelay.events.ids.ConversationId;
import io.dingrelay.events.ids.CorpId;
import io.dingrelay.events.ids.EventId;
import io.dingrelay.events.ids.MsgId;
import io.dingrelay.events.ids.RobotCode;
import io.dingrelay.events.robot.RobotEvent;
import io.dingrelay.events.robot.RobotEventKind;
import io.dingrelay.protocol.robot.IncomingRobotMessage;
import java.time.Instant;
import java.util.List;

/**
 * A verified robot callback as the {@link ChatMessage} of {@code dingtalk.chat-messages}, and the
 * {@link RobotEventKind#ROBOT_SEEN} event it implies for the registry (DingTalk has no robot-joined event, §2.3).
 */
public final class ChatMessageMapper {

    /** Prefix of the ROBOT_SEEN eventId, derived from the msgId so a repeat of the message repeats the same id. */
    static final String SEEN_ID_PREFIX = "robot-seen:";

    private ChatMessageMapper() {
    }

    /** The message; {@code m} must not be an error callback (it has a msgId and a conversationId). */
    public static ChatMessage toChatMessage(IncomingRobotMessage m, AppName app, Instant received) {
        return toChatMessage(m, app, received, m.raw());
    }

    /**
     * The same, with {@code body} as given: null when the record writes the body as received
     * ({@link CallbackRecords#chatMessage(String, ChatMessage, byte[])}).
     */
    public static ChatMessage toChatMessage(IncomingRobotMessage m, AppName app, Instant received, JsonNode body) {
        List<ChatMessage.AtUser> at = m.atUsers().stream()
                .map(u -> new ChatMessage.AtUser(u.dingtalkId(), u.staffId(), u.unionId()))
                .toList();
        return new ChatMessage(
                MsgId.of(m.msgId()),
                app,
                ConversationId.of(m.conversationId()),
                m.conversationType(),
                m.conversationTitle(),
                m.msgtype(),
                blank(m.trimmedText()) ? null : m.trimmedText(),
                new ChatMessage.Sender(m.senderId(), m.senderNick(), m.senderStaffId(), m.senderCorpId(),
                        blank(m.senderUnionId()) ? null : m.senderUnionId()),
                blank(m.robotCode()) ? null : RobotCode.of(m.robotCode()),
                m.chatbotUserId(),
                at,
                m.isInAtList(),
                m.sessionWebhook(),
                m.sessionWebhookExpiredTime() == null ? null : Instant.ofEpochMilli(m.sessionWebhookExpiredTime()),
                m.createAt() == null ? null : Instant.ofEpochMilli(m.createAt()),
                received,
                body);
    }

    /** "This app's robot is in this group", keyed by the group, identified by the message that showed it. */
    public static RobotEvent robotSeen(IncomingRobotMessage m, ChatMessage chat, AppName app, Instant received) {
        String corp = !blank(m.chatbotCorpId()) ? m.chatbotCorpId() : m.senderCorpId();
        return new RobotEvent(
                EventId.of(SEEN_ID_PREFIX + chat.msgId().value()),
                RobotEventKind.ROBOT_SEEN,
                app,
                blank(corp) ? null : CorpId.of(corp),
                chat.conversationId(),
                chat.robotCode(),
                null,
                chat.conversationTitle(),
                null,
                chat.createdAt() != null ? chat.createdAt() : received);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
