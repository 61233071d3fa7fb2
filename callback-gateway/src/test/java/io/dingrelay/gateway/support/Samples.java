package io.dingrelay.gateway.support;

import java.util.UUID;

/** Event pushes and robot messages shaped as DingTalk documents them (dingtalk-protocol.md §2.2, §3.2). */
public final class Samples {

    private Samples() {
    }

    public static String uid(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "");
    }

    /** A lifecycle push in the HTTP-push envelope (PascalCase envelope, camelCase business fields). */
    public static String chatDisband(String eventId, String corpId, String conversationId) {
        return "{\"EventType\":\"chat_disband\",\"EventTime\":1663143335567,\"CorpId\":\"" + corpId + "\",\"eventId\":\""
                + eventId + "\",\"timeStamp\":1608027106990,\"chatId\":\"chat28367b03\",\"corpId\":\"" + corpId
                + "\",\"operatorUnionId\":\"iis6xxx\",\"openConversationId\":\"" + conversationId
                + "\",\"operator\":\"10203029011219896\"}";
    }

    public static String coolAppInstall(String eventId, String corpId, String conversationId, String robotCode) {
        return "{\"EventType\":\"im_cool_app_install\",\"EventTime\":1641866135051,\"CorpId\":\"" + corpId
                + "\",\"eventId\":\"" + eventId + "\",\"coolAppCode\":\"COOLAPP-1-1018\",\"operateTime\":\"1641866135051\","
                + "\"openConversationCorpId\":\"" + corpId + "\",\"robotCode\":\"" + robotCode
                + "\",\"openConversationId\":\"" + conversationId + "\",\"operator\":\"0213454xxxx1745\"}";
    }

    public static String chatUpdateTitle(String eventId, String corpId, String conversationId, String title) {
        return "{\"EventType\":\"chat_update_title\",\"EventTime\":1663143335567,\"CorpId\":\"" + corpId
                + "\",\"eventId\":\"" + eventId + "\",\"title\":\"" + title + "\",\"openConversationId\":\""
                + conversationId + "\",\"operator\":\"u1\"}";
    }

    /** A business event that is not a lifecycle event: only dingtalk.events receives it. */
    public static String chatAddMember(String eventId, String corpId, String conversationId) {
        return "{\"EventType\":\"chat_add_member\",\"EventTime\":1663143335567,\"CorpId\":\"" + corpId + "\",\"eventId\":\""
                + eventId + "\",\"userId\":[\"user456\"],\"openConversationId\":\"" + conversationId + "\"}";
    }

    public static String checkUrl() {
        return "{\"EventType\":\"check_url\"}";
    }

    /** A group text message (D-RCVMSG's example) with {@code text.content}. */
    public static String groupText(String msgId, String conversationId, String content, long createAt) {
        return "{\"conversationId\":\"" + conversationId + "\",\"atUsers\":[{\"dingtalkId\":\"$:LWCP_v1:$robot\",\"staffId\":\"\"}],"
                + "\"chatbotCorpId\":\"dinge8a565xxxx\",\"chatbotUserId\":\"$:LWCP_v1:$Cxxxxx\",\"msgId\":\"" + msgId
                + "\",\"senderNick\":\"杨xx\",\"isAdmin\":true,\"senderStaffId\":\"user123\",\"sessionWebhookExpiredTime\":"
                + (createAt + 5_400_000L) + ",\"createAt\":" + createAt + ",\"senderCorpId\":\"dinge8a565xxxx\","
                + "\"conversationType\":\"2\",\"senderId\":\"$:LWCP_v1:$Ff09GIxxxxx\",\"conversationTitle\":\"机器人测试-TEST\","
                + "\"isInAtList\":true,\"sessionWebhook\":\"https://oapi.dingtalk.com/robot/sendBySession?session=" + msgId
                + "\",\"text\":{\"content\":\" " + content + "\"},\"msgtype\":\"text\",\"robotCode\":\"dingrobot001\"}";
    }

    /** D-ROBRECV's HTTP sample shape: the text at the top level as {@code content} (§7 item 9). */
    public static String topLevelContent(String msgId, String conversationId, String content, long createAt) {
        return "{\"conversationId\":\"" + conversationId + "\",\"msgId\":\"" + msgId + "\",\"senderNick\":\"n\","
                + "\"createAt\":" + createAt + ",\"conversationType\":\"2\",\"senderId\":\"s1\","
                + "\"sessionWebhook\":\"https://oapi.dingtalk.com/robot/sendBySession?session=x\","
                + "\"sessionWebhookExpiredTime\":" + (createAt + 5_400_000L) + ","
                + "\"content\":\"" + content + "\",\"msgtype\":\"text\"}";
    }

    /** A picture in a single chat: no text, a downloadCode. */
    public static String singleChatPicture(String msgId, String conversationId, long createAt) {
        return "{\"conversationId\":\"" + conversationId + "\",\"msgId\":\"" + msgId + "\",\"createAt\":" + createAt
                + ",\"conversationType\":\"1\",\"senderId\":\"s2\",\"msgtype\":\"picture\","
                + "\"content\":{\"downloadCode\":\"dc123\"},\"sessionWebhook\":\"https://oapi.dingtalk.com/robot/sendBySession?session=y\","
                + "\"sessionWebhookExpiredTime\":" + (createAt + 5_400_000L) + "}";
    }
}
