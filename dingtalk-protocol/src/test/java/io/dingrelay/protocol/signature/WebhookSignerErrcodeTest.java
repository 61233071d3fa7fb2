package io.dingrelay.protocol.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.dingrelay.protocol.answer.DingTalkErrcode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Which of DingTalk's two 310000 answers a failed 加签 check gets. */
class WebhookSignerErrcodeTest {

    private static final String SECRET = "SECtest0123456789";
    private static final long NOW = 1_700_000_000_000L;
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC);

    @Test
    void aTimestampThatIsThereButOffIsInvalidTimestamp() {
        long hourAndMore = NOW - 3_700_000L;
        assertThat(errcode(Long.toString(hourAndMore), HmacSigner.sign(SECRET, hourAndMore))).isEqualTo(DingTalkErrcode.INVALID_TIMESTAMP);
        assertThat(errcode("soon", HmacSigner.sign(SECRET, NOW))).isEqualTo(DingTalkErrcode.INVALID_TIMESTAMP);
    }

    @Test
    void aMissingTimestampOrAWrongSignIsSignNotMatch() {
        assertThat(errcode(null, HmacSigner.sign(SECRET, NOW))).isEqualTo(DingTalkErrcode.SIGN_NOT_MATCH);
        assertThat(errcode(Long.toString(NOW), HmacSigner.sign("SECother", NOW))).isEqualTo(DingTalkErrcode.SIGN_NOT_MATCH);
        assertThat(errcode(Long.toString(NOW), null)).isEqualTo(DingTalkErrcode.SIGN_NOT_MATCH);
    }

    private static DingTalkErrcode errcode(String timestamp, String sign) {
        SignatureException e = catchThrowableOfType(SignatureException.class, () -> WebhookSigner.verify(SECRET, timestamp, sign, CLOCK));
        assertThat(e).as("verify should fail").isNotNull();
        return WebhookSigner.errcodeOf(e);
    }
}
