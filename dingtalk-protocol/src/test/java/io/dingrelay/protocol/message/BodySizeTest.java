package io.dingrelay.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BodySizeTest {

    private static final int ENVELOPE = "{\"msgtype\":\"text\",\"text\":{\"content\":\"\"}}".length();

    /** A text message whose JSON body is exactly {@code bytes} long, mostly 3-byte Chinese. */
    private static TextMessage textOfBodySize(int bytes) {
        int content = bytes - ENVELOPE;
        String s = "钉".repeat(content / 3) + "a".repeat(content % 3);
        return TextMessage.of(s);
    }

    @Test
    void exactly20000BytesIsAccepted() {
        TextMessage m = textOfBodySize(20_000);
        assertThat(BodySize.measure(m)).isEqualTo(20_000);
        assertThat(m.content().length()).isLessThan(7_000);
        assertThatCode(() -> BodySize.check(m)).doesNotThrowAnyException();
        assertThatCode(() -> BodySize.check(MessageCodec.toJsonBytes(m))).doesNotThrowAnyException();
    }

    @Test
    void body20001BytesIsTooLargeEvenThoughItIsFarFewerCharacters() {
        TextMessage m = textOfBodySize(20_001);
        assertThat(m.content().length()).isLessThan(7_000);
        assertThatThrownBy(() -> BodySize.check(m)).isInstanceOfSatisfying(MessageTooLargeException.class, e -> {
            assertThat(e.actualBytes()).isEqualTo(20_001);
            assertThat(e.limitBytes()).isEqualTo(20_000);
            assertThat(e.field()).isEqualTo("body");
        });
    }

    @Test
    void rawBodiesAreMeasuredInBytes() {
        assertThatCode(() -> BodySize.check(new byte[20_000])).doesNotThrowAnyException();
        assertThatThrownBy(() -> BodySize.check(new byte[20_001])).isInstanceOf(MessageTooLargeException.class);
        assertThatThrownBy(() -> BodySize.check((byte[]) null)).isInstanceOfSatisfying(MalformedMessageException.class,
                e -> assertThat(e.problem()).isEqualTo(MalformedMessageException.Problem.NOT_JSON));
    }

    @Test
    void webhookParseChecksTheSizeBeforeTheContent() {
        byte[] huge = ("{\"msgtype\":\"bogus\",\"x\":\"" + "a".repeat(20_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> MessageCodec.parseWebhookBody(huge)).isInstanceOf(MessageTooLargeException.class);
    }

    @Test
    void msgParamLimitIs15000Utf8Bytes() {
        assertThatCode(() -> BodySize.checkMsgParam("钉".repeat(5_000))).doesNotThrowAnyException();
        assertThatThrownBy(() -> BodySize.checkMsgParam("钉".repeat(5_000) + "a"))
                .isInstanceOfSatisfying(MessageTooLargeException.class, e -> {
                    assertThat(e.actualBytes()).isEqualTo(15_001);
                    assertThat(e.field()).isEqualTo("msgParam");
                });
        assertThatThrownBy(() -> BodySize.checkMsgParam(null)).isInstanceOfSatisfying(MalformedMessageException.class, e -> {
            assertThat(e.field()).isEqualTo("msgParam");
            assertThat(e.problem()).isEqualTo(MalformedMessageException.Problem.MISSING_FIELD);
        });
    }
}
