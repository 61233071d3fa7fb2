package io.dingrelay.protocol.signature;

import static io.dingrelay.protocol.signature.SignatureTestSupport.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.dingrelay.protocol.signature.SignatureException.Reason;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookSignerTest {

    // §4.2 DERIVED example.
    private static final String SECRET = "SECabcdefghijklmnopqrstuvwxyz0123456789";
    private static final long TS = 1700000000000L;
    private static final String BASE64 = "NucanPENhoV4rP0rMPsva6BCpgTOgUvQlOlFcxMKJfs=";
    private static final String ENCODED = "NucanPENhoV4rP0rMPsva6BCpgTOgUvQlOlFcxMKJfs%3D";
    private static final String WEBHOOK = "https://oapi.dingtalk.com/robot/send?access_token=abc123";
    private static final Clock AT_TS = Clock.fixed(Instant.ofEpochMilli(TS), ZoneOffset.UTC);

    /** Decodes a query string once, as an HTTP server does. */
    private static Map<String, String> query(String url) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : URI.create(url).getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            out.merge(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8), (a, b) -> a + "," + b);
        }
        return out;
    }

    @Test
    void derivedExampleProducesTheDocumentedUrl() {
        assertThat(HmacSigner.sign(SECRET, TS)).isEqualTo(BASE64);
        assertThat(WebhookSigner.signUrl(WEBHOOK, SECRET, TS))
                .isEqualTo(WEBHOOK + "&timestamp=1700000000000&sign=" + ENCODED);
    }

    @Test
    void signWithPlusAndSlashIsEncodedExactlyOnceAndVerifiesAfterOneDecode() {
        long ts = TS;
        while (!(HmacSigner.sign(SECRET, ts).contains("+") && HmacSigner.sign(SECRET, ts).contains("/"))) {
            ts++;
        }
        String url = WebhookSigner.signUrl(WEBHOOK, SECRET, ts);
        String rawSign = url.substring(url.indexOf("&sign=") + 6);

        assertThat(rawSign).doesNotContain("+", "/", "=", "%25").contains("%2B", "%2F", "%3D");
        Map<String, String> q = query(url);
        assertThat(q.get("sign")).isEqualTo(HmacSigner.sign(SECRET, ts));
        long at = ts;
        assertThatCode(() -> WebhookSigner.verify(SECRET, q.get("timestamp"), q.get("sign"), Clock.fixed(Instant.ofEpochMilli(at), ZoneOffset.UTC)))
                .doesNotThrowAnyException();
    }

    @Test
    void resigningASignedUrlReplacesTheOldPair() {
        String once = WebhookSigner.signUrl(WEBHOOK, SECRET, TS - 7_200_000);
        String twice = WebhookSigner.signUrl(once, SECRET, TS);

        assertThat(twice).isEqualTo(WEBHOOK + "&timestamp=1700000000000&sign=" + ENCODED);
        assertThat(query(twice)).containsOnlyKeys("access_token", "timestamp", "sign");
    }

    @Test
    void existingPairsAnywhereInTheQueryAreReplacedAndOtherParametersKeptInOrder() {
        String url = "https://oapi.dingtalk.com/robot/send?sign=old&access_token=abc&timestamp=1&x=%E4%B8%AD&&flag";

        assertThat(WebhookSigner.signUrl(url, SECRET, TS))
                .isEqualTo("https://oapi.dingtalk.com/robot/send?access_token=abc&x=%E4%B8%AD&flag&timestamp=1700000000000&sign=" + ENCODED);
    }

    @Test
    void encodedParameterNamesAreRecognised() {
        assertThat(WebhookSigner.signUrl("https://h/robot/send?access_token=a&%73ign=old", SECRET, TS))
                .isEqualTo("https://h/robot/send?access_token=a&timestamp=1700000000000&sign=" + ENCODED);
    }

    @Test
    void similarNamesAreKept() {
        assertThat(WebhookSigner.signUrl("https://h/send?signature=s&timestamps=t&Sign=x", SECRET, TS))
                .isEqualTo("https://h/send?signature=s&timestamps=t&Sign=x&timestamp=1700000000000&sign=" + ENCODED);
    }

    @Test
    void urlWithoutQueryOrWithFragmentGetsAWellFormedQuery() {
        assertThat(WebhookSigner.signUrl("http://localhost:8081/robot/send", SECRET, TS))
                .isEqualTo("http://localhost:8081/robot/send?timestamp=1700000000000&sign=" + ENCODED);
        assertThat(WebhookSigner.signUrl("http://localhost:8081/robot/send?", SECRET, TS))
                .isEqualTo("http://localhost:8081/robot/send?timestamp=1700000000000&sign=" + ENCODED);
        assertThat(WebhookSigner.signUrl("https://h/send?access_token=a#frag", SECRET, TS))
                .isEqualTo("https://h/send?access_token=a&timestamp=1700000000000&sign=" + ENCODED + "#frag");
    }

    @ParameterizedTest
    @ValueSource(strings = {"oapi.dingtalk.com/robot/send?access_token=a", "ftp://h/x", "https://", "not a url", "mailto:x@y", "https://h/a b"})
    void badUrlsAreMalformed(String url) {
        assertRejected(() -> WebhookSigner.signUrl(url, SECRET, TS), Reason.MALFORMED, "webhookUrl");
    }

    @Test
    void missingUrlOrSecretIsNamed() {
        assertRejected(() -> WebhookSigner.signUrl(null, SECRET, TS), Reason.MISSING, "webhookUrl");
        assertRejected(() -> WebhookSigner.signUrl(WEBHOOK, "", TS), Reason.MISSING, "secret");
    }

    @Test
    void verifyAcceptsTheDerivedExampleAndRejectsEachTamperedPart() {
        assertThatCode(() -> WebhookSigner.verify(SECRET, "1700000000000", BASE64, AT_TS)).doesNotThrowAnyException();
        assertRejected(() -> WebhookSigner.verify(SECRET, "1700000000000", ENCODED, AT_TS), Reason.MALFORMED, "sign");
        assertRejected(() -> WebhookSigner.verify(SECRET + "x", "1700000000000", BASE64, AT_TS), Reason.MISMATCH, "sign");
        assertRejected(() -> WebhookSigner.verify(SECRET, "1700000000001", BASE64, AT_TS), Reason.MISMATCH, "sign");
        assertRejected(() -> WebhookSigner.verify(SECRET, "17e11", BASE64, AT_TS), Reason.MALFORMED, "timestamp");
        assertRejected(() -> WebhookSigner.verify(SECRET, null, BASE64, AT_TS), Reason.MISSING, "timestamp");
        assertRejected(() -> WebhookSigner.verify(SECRET, "1700000000000", null, AT_TS), Reason.MISSING, "sign");
        assertRejected(() -> WebhookSigner.verify(null, "1700000000000", BASE64, AT_TS), Reason.MISSING, "secret");
        Clock twoHoursLater = Clock.offset(AT_TS, java.time.Duration.ofHours(2));
        assertRejected(() -> WebhookSigner.verify(SECRET, "1700000000000", BASE64, twoHoursLater), Reason.STALE, "timestamp");
        Clock twoHoursEarlier = Clock.offset(AT_TS, java.time.Duration.ofHours(-2));
        assertRejected(() -> WebhookSigner.verify(SECRET, "1700000000000", BASE64, twoHoursEarlier), Reason.FUTURE, "timestamp");
    }
}
