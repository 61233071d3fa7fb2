package io.dingrelay.simulator.callback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dingrelay.simulator.RandomIds;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The plaintext DingTalk sends: event pushes in the flat HTTP-push shape (dingtalk-protocol.md §2.1/§2.2:
 * {@code EventType}, {@code EventTime}, {@code CorpId}, {@code BizId}, {@code eventId} plus the business
 * fields of each event page) and robot message callbacks (§3.2). Plain Java: shared by the server's
 * callback endpoint and the load generator.
 */
public final class CallbackPayloads {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private CallbackPayloads() {
    }

    /** Where an event happened. */
    public record EventContext(String corpId, String openConversationId, String chatId, String title, String robotCode) {
    }

    /**
     * One event push's plaintext. {@code check_url} is the bare {@code {"EventType":"check_url"}}; other
     * types get the envelope and their business fields; {@code extra} fields are added last (and win).
     */
    public static ObjectNode event(String type, EventContext c, long nowMillis, Map<String, JsonNode> extra) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("EventType", type);
        if (type.equals("check_url")) {
            putAll(o, extra);
            return o;
        }
        String eventId = RandomIds.hex(32);
        o.put("EventTime", nowMillis);
        o.put("CorpId", c.corpId());
        o.put("BizId", Long.toString(nowMillis) + ThreadLocalRandom.current().nextInt(1000, 9999));
        o.put("eventId", eventId);
        String operator = "0" + (1_000_000_000L + ThreadLocalRandom.current().nextLong(9_000_000_000L));
        switch (type) {
            case "chat_add_member", "chat_remove_member" -> {
                groupFields(o, c, nowMillis, operator);
                o.putArray("userId").add("user" + ThreadLocalRandom.current().nextInt(100, 999));
                o.putArray("unionId").add(RandomIds.hex(20));
            }
            case "chat_quit", "chat_disband" -> groupFields(o, c, nowMillis, operator);
            case "chat_update_title" -> {
                groupFields(o, c, nowMillis, operator);
                o.put("title", c.title());
            }
            case "chat_update_owner" -> {
                groupFields(o, c, nowMillis, operator);
                o.put("owner", operator);
            }
            case "im_cool_app_install", "im_cool_app_uninstall" -> {
                o.put("coolAppCode", "COOLAPP-1-" + RandomIds.hex(24).toUpperCase());
                o.put("robotCode", c.robotCode());
                o.put("openConversationId", c.openConversationId());
                o.put("openConversationCorpId", c.corpId());
                o.put("operator", operator);
                o.put("operateTime", Long.toString(nowMillis));
            }
            case "robot_msg_recall", "robot_msg_read" -> {
                o.put("RobotCode", c.robotCode());
                o.put("OpenConversationId", c.openConversationId());
                o.put("UserId", "user" + ThreadLocalRandom.current().nextInt(100, 999));
                o.put("UnionId", RandomIds.hex(20));
                o.put("OperatTime", Long.toString(nowMillis));
                o.put("ProcessQueryKey", RandomIds.hex(32));
            }
            default -> {
                // org_suite_relieve and others: the envelope only (their data is {} on the HTTP channel).
            }
        }
        putAll(o, extra);
        return o;
    }

    private static void groupFields(ObjectNode o, EventContext c, long now, String operator) {
        o.put("timeStamp", now);
        o.put("chatId", c.chatId());
        o.put("corpId", c.corpId());
        o.put("openConversationId", c.openConversationId());
        o.put("operator", operator);
        o.put("operatorUnionId", RandomIds.hex(20));
    }

    /** Who speaks in a robot callback. */
    public record Speaker(String nick, String staffId, boolean admin) {
    }

    /**
     * A robot @-message callback body (§3.2): {@code conversationId} is the group's openConversationId,
     * {@code sessionWebhook} points back at the simulator, text is sent as {@code text.content} with the
     * leading space DingTalk leaves after the @.
     */
    public static ObjectNode robotMessage(AppKeys app, String corpId, String conversationId, String conversationTitle,
                                          Speaker who, String text, String sessionWebhook, long sessionExpiresAt, long nowMillis) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("conversationId", conversationId);
        o.putArray("atUsers").addObject().put("dingtalkId", "$:LWCP_v1:$" + RandomIds.hex(24));
        o.put("chatbotCorpId", corpId);
        o.put("chatbotUserId", "$:LWCP_v1:$" + RandomIds.hex(24));
        o.put("msgId", "msg" + RandomIds.hex(24));
        o.put("senderNick", who.nick());
        o.put("isAdmin", who.admin());
        o.put("senderStaffId", who.staffId());
        o.put("sessionWebhookExpiredTime", sessionExpiresAt);
        o.put("createAt", nowMillis);
        o.put("senderCorpId", corpId);
        o.put("conversationType", "2");
        o.put("senderId", "$:LWCP_v1:$" + RandomIds.hex(24));
        o.put("conversationTitle", conversationTitle);
        o.put("isInAtList", true);
        o.put("sessionWebhook", sessionWebhook);
        o.putObject("text").put("content", " " + text);
        o.put("robotCode", app.appKey());
        o.put("msgtype", "text");
        return o;
    }

    private static void putAll(ObjectNode o, Map<String, JsonNode> extra) {
        if (extra == null) {
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = extra.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            o.set(e.getKey(), e.getValue());
        }
    }
}
