package io.dingrelay.protocol.robot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dingrelay.protocol.json.Json;
import io.dingrelay.protocol.message.MalformedMessageException;
import io.dingrelay.protocol.message.MalformedMessageException.Problem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What DingTalk POSTs to a robot's HTTP callback when someone @s it (and what Stream mode delivers on
 * {@code /v1.0/im/bot/messages/get}), §3.2. Authenticate the request first with
 * {@link io.dingrelay.protocol.signature.RobotCallbackVerifier}.
 *
 * @param msgId                     DingTalk's message id, the de-duplication key; required unless this is an error callback
 * @param msgtype                   {@code text}, {@code richText}, {@code picture}, {@code audio}, {@code video}, {@code file}; may be null
 * @param text                      the text as sent, from {@code text.content} or, as in the D-ROBRECV sample, a top-level
 *                                  string {@code content} (§7 item 9); null for non-text messages. Usually starts with
 *                                  a space left over from the removed @mention: see {@link #trimmedText()}
 * @param conversationId            the openConversationId ({@code cid…}); required unless this is an error callback
 * @param conversationType          {@code "1"} single chat, {@code "2"} group
 * @param conversationTitle         group name (groups only)
 * @param senderId                  encrypted sender id
 * @param senderNick                sender display name
 * @param senderStaffId             sender userId; only once the robot is published, empty for external members
 * @param senderCorpId              sender's corpId (internal groups)
 * @param senderUnionId             sender's unionId (the same across the organisations of one person); may be null
 * @param chatbotCorpId             the corpId of the organisation the robot belongs to; may be null
 * @param chatbotUserId             encrypted robot id
 * @param robotCode                 the robot's code; absent for custom robots
 * @param atUsers                   the @-ed users; never null
 * @param isInAtList                whether the robot was @-ed
 * @param sessionWebhook            the URL to reply to without a token, while it lasts
 * @param sessionWebhookExpiredTime when {@code sessionWebhook} expires, epoch ms (about 90 min after {@code createAt}; read it, do not assume)
 * @param createAt                  when the message was sent, epoch ms (DingTalk sends a number or a digit string)
 * @param errorCode                 {@code errorCode} or {@code errCode}, e.g. 20001 when the org's quota is exhausted; else null
 * @param errorMessage              {@code errorMessage} or {@code errMsg}
 * @param raw                       the whole parsed body (media {@code content}, {@code isAdmin}, …); treat as read-only
 */
public record IncomingRobotMessage(
        String msgId, String msgtype, String text,
        String conversationId, String conversationType, String conversationTitle,
        String senderId, String senderNick, String senderStaffId, String senderCorpId, String senderUnionId,
        String chatbotCorpId, String chatbotUserId, String robotCode,
        List<AtUser> atUsers, boolean isInAtList,
        String sessionWebhook, Long sessionWebhookExpiredTime, Long createAt,
        Integer errorCode, String errorMessage,
        JsonNode raw) {

    /** The error code of a callback sent instead of a message when the org's quota is used up (D-MSGTYPE). */
    public static final int QUOTA_EXCEEDED = 20001;

    /**
     * One entry of {@code atUsers}.
     *
     * @param dingtalkId encrypted DingTalk id
     * @param staffId    userId in the org, may be null
     * @param unionId    unionId, may be null
     */
    public record AtUser(String dingtalkId, String staffId, String unionId) {
    }

    public IncomingRobotMessage {
        if (atUsers == null) {
            atUsers = List.of();
        } else {
            // Not List.contains(null): immutable lists throw NullPointerException for it.
            for (AtUser u : atUsers) {
                if (u == null) {
                    throw new MalformedMessageException(Problem.MISSING_FIELD, "atUsers", "must not contain null");
                }
            }
            atUsers = List.copyOf(atUsers);
        }
    }

    /**
     * Parses a callback body.
     *
     * <p>Lenient where DingTalk varies (text location, {@code createAt} as number or string, both
     * spellings of the error fields), strict about types otherwise: a documented string field that holds
     * a number is rejected, as is a body without {@code msgId} or {@code conversationId}. The quota
     * overrun form ({@code errorCode} 20001 and no text) is parsed, not rejected, and does not need
     * those two ids: check {@link #isQuotaExceeded()}.
     *
     * @throws MalformedMessageException naming {@code body}, the missing id, or the mistyped field
     */
    public static IncomingRobotMessage parse(String json) {
        return parse(Json.readObject(json, Json.BODY));
    }

    /**
     * Parses a callback body as received: strict UTF-8 bytes (DingTalk sends {@code charset=utf-8}), read without
     * decoding them to a String first. Accepts and rejects exactly what {@link #parse(String)} does for the decoded
     * text; bytes that are not UTF-8 are rejected naming {@code body}.
     *
     * @throws MalformedMessageException naming {@code body}, the missing id, or the mistyped field
     */
    public static IncomingRobotMessage parse(byte[] utf8) {
        return parse(Json.readUtf8Object(utf8, Json.BODY));
    }

    private static IncomingRobotMessage parse(ObjectNode o) {

        Integer errorCode = intOf(o, "errorCode");
        if (errorCode == null) {
            errorCode = intOf(o, "errCode");
        }
        String errorMessage = Json.optText(o, "errorMessage", "errorMessage");
        if (errorMessage == null) {
            errorMessage = Json.optText(o, "errMsg", "errMsg");
        }

        String msgId = Json.optText(o, "msgId", "msgId");
        String conversationId = Json.optText(o, "conversationId", "conversationId");
        if (errorCode == null) {
            requirePresent(msgId, "msgId");
            requirePresent(conversationId, "conversationId");
        }

        return new IncomingRobotMessage(
                msgId,
                Json.optText(o, "msgtype", "msgtype"),
                readText(o),
                conversationId,
                Json.optText(o, "conversationType", "conversationType"),
                Json.optText(o, "conversationTitle", "conversationTitle"),
                Json.optText(o, "senderId", "senderId"),
                Json.optText(o, "senderNick", "senderNick"),
                Json.optText(o, "senderStaffId", "senderStaffId"),
                Json.optText(o, "senderCorpId", "senderCorpId"),
                Json.optText(o, "senderUnionId", "senderUnionId"),
                Json.optText(o, "chatbotCorpId", "chatbotCorpId"),
                Json.optText(o, "chatbotUserId", "chatbotUserId"),
                Json.optText(o, "robotCode", "robotCode"),
                readAtUsers(o),
                Boolean.TRUE.equals(Json.optBoolean(o, "isInAtList", "isInAtList")),
                Json.optText(o, "sessionWebhook", "sessionWebhook"),
                Json.optLong(o, "sessionWebhookExpiredTime", "sessionWebhookExpiredTime"),
                Json.optLong(o, "createAt", "createAt"),
                errorCode,
                errorMessage,
                o);
    }

    /** {@link #text()} without surrounding whitespace (including the full-width space U+3000), or null. */
    public String trimmedText() {
        return text == null ? null : text.strip();
    }

    /** True when {@code conversationType} is "2". */
    public boolean isGroup() {
        return "2".equals(conversationType);
    }

    /** True for the quota-overrun callback ({@code errorCode} 20001), which carries no message to answer. */
    public boolean isQuotaExceeded() {
        return errorCode != null && errorCode == QUOTA_EXCEEDED;
    }

    /** True when {@code sessionWebhook} is present and has not expired at {@code now}. */
    public boolean sessionWebhookUsableAt(Instant now) {
        return sessionWebhook != null && !sessionWebhook.isEmpty() && sessionWebhookExpiredTime != null
                && now != null && now.toEpochMilli() < sessionWebhookExpiredTime;
    }

    private static void requirePresent(String value, String field) {
        if (value == null || value.isEmpty()) {
            throw new MalformedMessageException(Problem.MISSING_FIELD, field, "is required");
        }
    }

    private static String readText(ObjectNode o) {
        ObjectNode text = Json.optObject(o, "text", "text");
        if (text != null) {
            return Json.optText(text, "content", "text.content");
        }
        JsonNode content = Json.opt(o, "content");
        if (content != null && content.isTextual()) {
            return Json.requireWellFormed(content.textValue(), "content");
        }
        // An object content is a media message (downloadCode, richText…): no text; kept in raw.
        if (content != null && !content.isObject()) {
            throw new MalformedMessageException(Problem.WRONG_TYPE, "content", "must be a string or an object, was a " + Json.kind(content));
        }
        return null;
    }

    private static List<AtUser> readAtUsers(ObjectNode o) {
        JsonNode array = Json.optArray(o, "atUsers", "atUsers");
        if (array == null) {
            return List.of();
        }
        List<AtUser> out = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            String p = "atUsers[" + i + "]";
            JsonNode u = array.get(i);
            if (!u.isObject()) {
                throw new MalformedMessageException(Problem.WRONG_TYPE, p, "must be an object, was a " + Json.kind(u));
            }
            out.add(new AtUser(Json.optText(u, "dingtalkId", p + ".dingtalkId"), Json.optText(u, "staffId", p + ".staffId"),
                    Json.optText(u, "unionId", p + ".unionId")));
        }
        return Collections.unmodifiableList(out);
    }

    private static Integer intOf(ObjectNode o, String name) {
        Long v = Json.optLong(o, name, name);
        if (v == null) {
            return null;
        }
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new MalformedMessageException(Problem.INVALID_VALUE, name, "is out of range");
        }
        return v.intValue();
    }
}
