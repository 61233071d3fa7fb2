package io.dingrelay.gateway.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dingrelay.events.CloudEvent;
import io.dingrelay.events.CloudEventTypes;
import io.dingrelay.events.EventJson;
import io.dingrelay.events.Topics;
import io.dingrelay.events.chat.ChatMessage;
import io.dingrelay.events.ids.AppName;
import io.dingrelay.messaging.CloudEventRecords;
import io.dingrelay.protocol.robot.IncomingRobotMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** The shortcuts of the hot path write exactly what the straightforward code wrote. */
class CallbackRecordsTest {

    /** DingTalk's documented example, with the formatting a sender may use: spaces, newlines, \\u escapes. */
    private static final String BODY = "{ \"conversationId\":\"cid1==\",\n \"atUsers\":[{\"dingtalkId\":\"$:LWCP_v1:$x\"}],"
            + "\"chatbotCorpId\":\"dingcorp\",\"chatbotUserId\":\"$:LWCP_v1:$bot\",\"msgId\":\"msgA1\",\"senderNick\":\"\\u6768xx\","
            + "\"isAdmin\":true,\"senderStaffId\":\"user123\",\"sessionWebhookExpiredTime\":1613635652738,\"createAt\":1613630252678,"
            + "\"senderCorpId\":\"dingcorp\",\"conversationType\":\"2\",\"senderId\":\"$:LWCP_v1:$s\",\"senderUnionId\":\"uid1\","
            + "\"conversationTitle\":\"机器人测试-TEST 😀\",\"isInAtList\":true,\"sessionWebhook\":\"https://oapi.dingtalk.com/robot/sendBySession?session=x\","
            + "\"text\":{\"content\":\" 你好 \\\"quoted\\\"\"},\"msgtype\":\"text\",\"big\":12345678901234567890, \"f\":1.5e3 }\n";

    @Test
    void aChatMessageWithItsRawBodyIsTheSameDocumentAsTheSerialisedTree() throws Exception {
        byte[] raw = BODY.getBytes(StandardCharsets.UTF_8);
        IncomingRobotMessage m = IncomingRobotMessage.parse(raw);
        Instant received = Instant.parse("2026-11-22T10:00:00.123Z");
        ChatMessage withTree = ChatMessageMapper.toChatMessage(m, AppName.of("main"), received);
        ChatMessage withoutBody = ChatMessageMapper.toChatMessage(m, AppName.of("main"), received, null);

        ProducerRecord<String, byte[]> before = CloudEventRecords.record(Topics.CHAT_MESSAGES, withTree.conversationId().value(),
                new CloudEvent(withTree.msgId().value(), "/src", CloudEventTypes.CHAT_MESSAGE, withTree.conversationId().value(),
                        withTree.createdAt() != null ? withTree.createdAt() : withTree.receivedAt()), (Object) withTree);
        ProducerRecord<String, byte[]> after = CallbackRecords.chatMessage("/src", withoutBody, raw);

        JsonNode a = EventJson.mapper().readTree(before.value());
        JsonNode b = EventJson.mapper().readTree(after.value());
        assertThat(b).isEqualTo(a);
        assertThat(names(b)).containsExactlyElementsOf(names(a)); // same member order, "body" last
        assertThat(EventJson.read(new String(after.value(), StandardCharsets.UTF_8), ChatMessage.class)).isEqualTo(withTree);
        assertThat(after.key()).isEqualTo(before.key());
        assertThat(after.topic()).isEqualTo(before.topic());
        assertThat(headers(after)).isEqualTo(headers(before));
    }

    private static List<String> names(JsonNode n) {
        List<String> out = new ArrayList<>();
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            out.add(it.next());
        }
        return out;
    }

    private static List<String> headers(ProducerRecord<String, byte[]> r) {
        List<String> out = new ArrayList<>();
        for (Header h : r.headers()) {
            out.add(h.key() + "=" + new String(h.value(), StandardCharsets.UTF_8));
        }
        return out;
    }
}
