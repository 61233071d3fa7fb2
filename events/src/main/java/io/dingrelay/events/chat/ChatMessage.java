package io.dingrelay.events.chat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dingrelay.events.ids.AppName;
import io.dingrelay.events.ids.ConversationId;
import io.dingrelay.events.ids.MsgId;
import io.dingrelay.events.ids.RobotCode;
import java.time.Instant;
import java.util.List;

/**
 * A verified @robot message, as published on {@code dingtalk.chat-messages} (key: conversationId).
 *
 * @param msgId                   DingTalk's message id; consumers are idempotent on it
 * @param app                     the configured app whose robot received it
 * @param conversationId          the group's openConversationId
 * @param conversationType        "1" single chat, "2" group
 * @param conversationTitle       the group's name (groups only)
 * @param msgtype                 text, richText, picture, audio, video, file
 * @param text                    the text, trimmed, from {@code text.content} or the top-level {@code content}; null when none
 * @param sender                  who wrote it
 * @param robotCode               the robot's code; null for custom robots
 * @param chatbotUserId           the robot's (encrypted) user id
 * @param atUsers                 the users @-mentioned
 * @param inAtList                whether the robot was @-mentioned
 * @param sessionWebhook          the URL to reply to without a token, until {@code sessionWebhookExpiresAt}
 * @param sessionWebhookExpiresAt when the session webhook stops working
 * @param createdAt               when the user sent it (DingTalk's createAt)
 * @param receivedAt              when the gateway accepted it
 * @param body                    the callback body exactly as DingTalk sent it, so no field is lost
 */
public record ChatMessage(
        MsgId msgId,
        AppName app,
        ConversationId conversationId,
        String conversationType,
        String conversationTitle,
        String msgtype,
        String text,
        Sender sender,
        RobotCode robotCode,
        String chatbotUserId,
        List<AtUser> atUsers,
        boolean inAtList,
        String sessionWebhook,
        Instant sessionWebhookExpiresAt,
        Instant createdAt,
        Instant receivedAt,
        JsonNode body) {

    public ChatMessage {
        atUsers = atUsers == null ? List.of() : List.copyOf(atUsers);
    }

    /** The sender of a message; DingTalk leaves staffId empty for external members. */
    public record Sender(String id, String nick, String staffId, String corpId, String unionId) {
    }

    /** A user @-mentioned in the message. */
    public record AtUser(String dingtalkId, String staffId, String unionId) {
    }

    /** Whether the sessionWebhook can still be used at {@code now}. */
    public boolean sessionWebhookUsableAt(Instant now) {
        return sessionWebhook != null && sessionWebhookExpiresAt != null && now.isBefore(sessionWebhookExpiresAt);
    }
}
