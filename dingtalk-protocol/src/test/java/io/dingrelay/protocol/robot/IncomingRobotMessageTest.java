package io.dingrelay.protocol.robot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dingrelay.protocol.message.MalformedMessageException;
import io.dingrelay.protocol.message.MalformedMessageException.Problem;
import io.dingrelay.protocol.robot.IncomingRobotMessage.AtUser;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IncomingRobotMessageTest {

    /** The D-RCVMSG example body, verbatim. */
    private static final String DOC_EXAMPLE = "{\"conversationId\":\"xxx\",\"atUsers\":[{\"dingtalkId\":\"xxx\",\"staffId\":\"xxx\",\"unionId\":\"edxxx34\"}],"
            + "\"chatbotCorpId\":\"dinge8a565xxxx\",\"chatbotUserId\":\"$:LWCP_v1:$Cxxxxx\",\"msgId\":\"msg0xxxxx\",\"senderNick\":\"杨xx\","
            + "\"isAdmin\":true,\"senderStaffId\":\"user123\",\"sessionWebhookExpiredTime\":1613635652738,\"createAt\":1613630252678,"
            + "\"senderCorpId\":\"dinge8a565xxxx\",\"conversationType\":\"2\",\"senderId\":\"$:LWCP_v1:$Ff09GIxxxxx\","
            + "\"conversationTitle\":\"机器人测试-TEST\",\"isInAtList\":true,"
            + "\"sessionWebhook\":\"https://oapi.dingtalk.com/robot/sendBySession?session=xxxxx\",\"text\":{\"content\":\" 你好\"},\"msgtype\":\"text\"}";

    @Test
    void parsesTheDocumentedExample() {
        IncomingRobotMessage m = IncomingRobotMessage.parse(DOC_EXAMPLE);

        assertThat(m.msgId()).isEqualTo("msg0xxxxx");
        assertThat(m.msgtype()).isEqualTo("text");
        assertThat(m.text()).isEqualTo(" 你好");
        assertThat(m.trimmedText()).isEqualTo("你好");
        assertThat(m.conversationId()).isEqualTo("xxx");
        assertThat(m.conversationType()).isEqualTo("2");
        assertThat(m.isGroup()).isTrue();
        assertThat(m.conversationTitle()).isEqualTo("机器人测试-TEST");
        assertThat(m.senderId()).isEqualTo("$:LWCP_v1:$Ff09GIxxxxx");
        assertThat(m.senderNick()).isEqualTo("杨xx");
        assertThat(m.senderStaffId()).isEqualTo("user123");
        assertThat(m.senderCorpId()).isEqualTo("dinge8a565xxxx");
        assertThat(m.senderUnionId()).isNull();
        assertThat(m.chatbotCorpId()).isEqualTo("dinge8a565xxxx");
        assertThat(m.chatbotUserId()).isEqualTo("$:LWCP_v1:$Cxxxxx");
        assertThat(m.robotCode()).isNull();
        assertThat(m.atUsers()).containsExactly(new AtUser("xxx", "xxx", "edxxx34"));
        assertThat(m.isInAtList()).isTrue();
        assertThat(m.sessionWebhook()).isEqualTo("https://oapi.dingtalk.com/robot/sendBySession?session=xxxxx");
        assertThat(m.sessionWebhookExpiredTime()).isEqualTo(1613635652738L);
        assertThat(m.createAt()).isEqualTo(1613630252678L);
        assertThat(m.errorCode()).isNull();
        assertThat(m.isQuotaExceeded()).isFalse();
        assertThat(m.raw().get("isAdmin").booleanValue()).isTrue();
    }

    @Test
    void sessionWebhookIsUsableUntilItsExpiry() {
        IncomingRobotMessage m = IncomingRobotMessage.parse(DOC_EXAMPLE);
        assertThat(m.sessionWebhookUsableAt(Instant.ofEpochMilli(1613635652737L))).isTrue();
        assertThat(m.sessionWebhookUsableAt(Instant.ofEpochMilli(1613635652738L))).isFalse();
        assertThat(m.sessionWebhookUsableAt(null)).isFalse();
    }

    @Test
    void textMayComeAsTopLevelContentStringAndCreateAtAsString() {
        // D-ROBRECV's HTTP sample (§7 item 9).
        IncomingRobotMessage m = IncomingRobotMessage.parse(
                "{\"msgId\":\"m1\",\"conversationId\":\"cid1\",\"msgtype\":\"text\",\"content\":\"\u3000help \",\"createAt\":\"1613630252678\",\"conversationType\":\"1\"}");
        assertThat(m.text()).isEqualTo("\u3000help ");
        assertThat(m.trimmedText()).isEqualTo("help");
        assertThat(m.createAt()).isEqualTo(1613630252678L);
        assertThat(m.isGroup()).isFalse();
        assertThat(m.isInAtList()).isFalse();
        assertThat(m.atUsers()).isEmpty();
    }

    @Test
    void mediaMessagesHaveNoTextAndKeepTheirContentInRaw() {
        IncomingRobotMessage m = IncomingRobotMessage.parse(
                "{\"msgId\":\"m1\",\"conversationId\":\"cid1\",\"msgtype\":\"picture\",\"content\":{\"downloadCode\":\"dc\"}}");
        assertThat(m.text()).isNull();
        assertThat(m.trimmedText()).isNull();
        assertThat(m.raw().path("content").path("downloadCode").asText()).isEqualTo("dc");
    }

    @Test
    void quotaOverrunFormIsParsedNotRejected() {
        IncomingRobotMessage m = IncomingRobotMessage.parse("{\"errorCode\":20001,\"errorMessage\":\"quota exceeded\",\"conversationId\":\"cid1\"}");
        assertThat(m.isQuotaExceeded()).isTrue();
        assertThat(m.errorMessage()).isEqualTo("quota exceeded");
        assertThat(m.msgId()).isNull();
        assertThat(m.text()).isNull();

        IncomingRobotMessage stream = IncomingRobotMessage.parse("{\"errCode\":\"20001\",\"errMsg\":\"额度已用完\"}");
        assertThat(stream.isQuotaExceeded()).isTrue();
        assertThat(stream.errorCode()).isEqualTo(20001);
        assertThat(stream.errorMessage()).isEqualTo("额度已用完");
    }

    @ParameterizedTest(name = "{1} {2}: {0}")
    @CsvSource(delimiter = '|', value = {
            "|body|NOT_JSON",
            "nope|body|NOT_JSON",
            "[]|body|NOT_JSON",
            "{}|msgId|MISSING_FIELD",
            "{\"conversationId\":\"c\"}|msgId|MISSING_FIELD",
            "{\"msgId\":\"\",\"conversationId\":\"c\"}|msgId|MISSING_FIELD",
            "{\"msgId\":\"m\"}|conversationId|MISSING_FIELD",
            "{\"msgId\":7,\"conversationId\":\"c\"}|msgId|WRONG_TYPE",
            "{\"msgId\":\"m\",\"conversationId\":[\"c\"]}|conversationId|WRONG_TYPE",
            "{\"msgId\":\"m\",\"conversationId\":\"c\",\"text\":\"hi\"}|text|WRONG_TYPE",
            "{\"msgId\":\"m\",\"conversationId\":\"c\",\"text\":{\"content\":1}}|text.content|WRONG_TYPE",
            "{\"msgId\":\"m\",\"conversationId\":\"c\",\"content\":5}|content|WRONG_TYPE",
            "{\"msgId\":\"m\",\"conversationId\":\"c\",\"createAt\":\"yesterday\"}|createAt|INVALID_VALUE",
            "{\"msgId\":\"m\",\"conversationId\":\"c\",\"createAt\":1.5}|createAt|WRONG_TYPE",
            "{\"msgId\":\"m\",\"conversationId\":\"c\",\"createAt\":true}|createAt|WRONG_TYPE",
            "{\"msgId\":\"m\",\"conversationId\":\"c\",\"sessionWebhookExpiredTime\":{}}|sessionWebhookExpiredTime|WRONG_TYPE",
            "{\"msgId\":\"m\",\"conversationId\":\"c\",\"isInAtList\":\"true\"}|isInAtList|WRONG_TYPE",
            "{\"msgId\":\"m\",\"conversationId\":\"c\",\"conversationType\":2}|conversationType|WRONG_TYPE",
            "{\"msgId\":\"m\",\"conversationId\":\"c\",\"senderUnionId\":7}|senderUnionId|WRONG_TYPE",
            "{\"msgId\":\"m\",\"conversationId\":\"c\",\"chatbotCorpId\":{}}|chatbotCorpId|WRONG_TYPE",
            "{\"msgId\":\"m\",\"conversationId\":\"c\",\"atUsers\":{}}|atUsers|WRONG_TYPE",
            "{\"msgId\":\"m\",\"conversationId\":\"c\",\"atUsers\":[\"u\"]}|atUsers[0]|WRONG_TYPE",
            "{\"msgId\":\"m\",\"conversationId\":\"c\",\"atUsers\":[{\"staffId\":1}]}|atUsers[0].staffId|WRONG_TYPE",
            "{\"errorCode\":\"x\"}|errorCode|INVALID_VALUE",
            "{\"errorCode\":99999999999}|errorCode|INVALID_VALUE",
            "{\"msgId\":\"m\",\"conversationId\":\"c\",\"senderNick\":\"\\udc00\"}|senderNick|INVALID_VALUE"})
    void malformedBodiesNameTheFieldAndTheProblem(String json, String field, Problem problem) {
        assertThatThrownBy(() -> IncomingRobotMessage.parse(json)).isInstanceOfSatisfying(MalformedMessageException.class, e -> {
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.problem()).as("problem of %s", e.getMessage()).isEqualTo(problem);
        });
        // The same verdict from the bytes as received.
        byte[] bytes = json == null ? new byte[0] : json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThatThrownBy(() -> IncomingRobotMessage.parse(bytes)).isInstanceOfSatisfying(MalformedMessageException.class, e -> {
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.problem()).as("problem of %s", e.getMessage()).isEqualTo(problem);
        });
    }

    @Test
    void readsTheSendersUnionIdAndTheRobotsCorpId() {
        IncomingRobotMessage m = IncomingRobotMessage.parse("{\"msgId\":\"m1\",\"conversationId\":\"cid1\",\"senderUnionId\":\"uNi0n\","
                + "\"chatbotCorpId\":\"dingbotcorp\",\"senderCorpId\":\"dingsendercorp\"}");
        assertThat(m.senderUnionId()).isEqualTo("uNi0n");
        assertThat(m.chatbotCorpId()).isEqualTo("dingbotcorp");
        assertThat(m.senderCorpId()).isEqualTo("dingsendercorp");
    }

    @Test
    void errorDetailsNameTheFieldOnlyOnce() {
        assertThatThrownBy(() -> IncomingRobotMessage.parse("{\"msgId\":")).isInstanceOfSatisfying(MalformedMessageException.class, e -> {
            assertThat(e.field()).isEqualTo("body");
            assertThat(e.detail()).startsWith("is not valid JSON").doesNotContain("[body]");
            assertThat(e.getMessage()).isEqualTo("[body]: " + e.detail());
        });
    }

    @Test
    void bytesParseLikeTheirDecodedText() {
        byte[] doc = DOC_EXAMPLE.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(IncomingRobotMessage.parse(doc)).isEqualTo(IncomingRobotMessage.parse(DOC_EXAMPLE));
        // Not UTF-8: rejected naming the body.
        byte[] latin1 = "{\"msgId\":\"m\",\"conversationId\":\"c\",\"senderNick\":\"é\"}".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> IncomingRobotMessage.parse(latin1)).isInstanceOfSatisfying(MalformedMessageException.class, e -> {
            assertThat(e.field()).isEqualTo("body");
            assertThat(e.problem()).isEqualTo(Problem.NOT_JSON);
            assertThat(e.detail()).isEqualTo("is not valid UTF-8");
        });
        // What the bytes' encoding detection would read differently (a NUL early on: "UTF-16"; a byte order mark)
        // gets the verdict of the decoded text.
        String valid = "{\"msgId\":\"m\",\"conversationId\":\"c\"}";
        for (String text : new String[] {"\uFEFF" + valid, "{\u0000}", valid.replace("{", "{\u0000")}) {
            byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            Object fromText = outcome(() -> IncomingRobotMessage.parse(text));
            assertThat(outcome(() -> IncomingRobotMessage.parse(bytes))).as("%s", text).isEqualTo(fromText);
        }
        byte[] utf16 = valid.getBytes(java.nio.charset.StandardCharsets.UTF_16LE);
        assertThat(outcome(() -> IncomingRobotMessage.parse(utf16)))
                .isEqualTo(outcome(() -> IncomingRobotMessage.parse(new String(utf16, java.nio.charset.StandardCharsets.UTF_8))));
    }

    /** The parsed message, or the field and problem it was rejected for. */
    private static Object outcome(java.util.function.Supplier<IncomingRobotMessage> parse) {
        try {
            return parse.get();
        } catch (MalformedMessageException e) {
            return e.field() + " " + e.problem();
        }
    }
}
