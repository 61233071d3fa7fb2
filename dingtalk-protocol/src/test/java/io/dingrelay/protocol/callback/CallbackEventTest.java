package io.dingrelay.protocol.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dingrelay.protocol.message.MalformedMessageException;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class CallbackEventTest {

    @Test
    void chatAddMemberHttpPushPrefersTheEnvelopeSpellings() {
        // D-EV 0105 sample: envelope CorpId differs from the business corpId.
        String json = "{\"EventType\":\"chat_add_member\",\"EventTime\":1663143335567,\"CorpId\":\"ding9f50b15bxxxx16741\","
                + "\"BizId\":\"1663**35567\",\"eventId\":\"c7c7\",\"timeStamp\":1608027106990,\"unionId\":[\"3rBUxxxQiEiE\"],"
                + "\"chatId\":\"chat28367b03\",\"corpId\":\"dinge8a56572f80bxxxx\",\"operatorUnionId\":\"iis6\","
                + "\"eventType\":\"chat_add_member\",\"userId\":[\"user456\"],\"openConversationId\":\"iis6fGqqqt87xxxxiEiE\","
                + "\"operator\":\"10203029011219896\"}";

        CallbackEvent e = CallbackEvent.parse(json);

        assertThat(e.eventType()).isEqualTo("chat_add_member");
        assertThat(e.eventId()).isEqualTo("c7c7");
        assertThat(e.corpId()).isEqualTo("ding9f50b15bxxxx16741");
        assertThat(e.openConversationId()).isEqualTo("iis6fGqqqt87xxxxiEiE");
        assertThat(e.eventTime()).isEqualTo(Instant.ofEpochMilli(1663143335567L));
        assertThat(e.raw().get("userId").get(0).asText()).isEqualTo("user456");
        assertThat(e.isUrlCheck()).isFalse();
    }

    @Test
    void camelCaseOnlyAndLegacyPascalCaseAreRead() {
        CallbackEvent camel = CallbackEvent.parse("{\"eventType\":\"robot_msg_recall\",\"corpId\":\"c\",\"eventTime\":\"12\"}");
        assertThat(camel.eventType()).isEqualTo("robot_msg_recall");
        assertThat(camel.corpId()).isEqualTo("c");
        assertThat(camel.eventTime()).isEqualTo(Instant.ofEpochMilli(12));

        CallbackEvent pascal = CallbackEvent.parse("{\"EventType\":\"robot_msg_recall\",\"OpenConversationId\":\"cid1\",\"EventId\":\"e1\"}");
        assertThat(pascal.openConversationId()).isEqualTo("cid1");
        assertThat(pascal.eventId()).isEqualTo("e1");
        assertThat(pascal.eventTime()).isNull();
        assertThat(pascal.corpId()).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{}|EventType",
            "{\"EventType\":\"\"}|EventType",
            "{\"EventType\":3}|EventType",
            "{\"eventType\":[\"x\"]}|eventType",
            "{\"EventType\":\"x\",\"EventTime\":\"soon\"}|EventTime",
            "{\"EventType\":\"x\",\"EventTime\":1.5}|EventTime",
            "{\"EventType\":\"x\",\"eventId\":7}|eventId",
            "{\"EventType\":\"x\",\"CorpId\":{}}|CorpId",
            "[1]|body",
            "\"check_url\"|body",
            "{\"EventType\":|body",
            "{\"EventType\":\"x\"}{}|body"})
    void malformedEventsNameTheField(String json, String field) {
        assertThatThrownBy(() -> CallbackEvent.parse(json))
                .isInstanceOfSatisfying(MalformedMessageException.class, e -> assertThat(e.field()).isEqualTo(field));
    }

    @Test
    void syntaxErrorMessageDoesNotQuoteTheDocument() {
        assertThatThrownBy(() -> CallbackEvent.parse("{\"EventType\":\"secret-content\" oops}"))
                .message().doesNotContain("secret-content").contains("line 1");
    }

    @Test
    void nullIsMalformed() {
        assertThatThrownBy(() -> CallbackEvent.parse(null)).isInstanceOf(MalformedMessageException.class);
    }
}
