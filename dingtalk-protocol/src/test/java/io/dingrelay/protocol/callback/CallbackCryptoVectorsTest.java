package io.dingrelay.protocol.callback;

import static io.dingrelay.protocol.callback.Vectors.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The official vectors V1–V3 and the derived V4, byte for byte (§1.8). */
class CallbackCryptoVectorsTest {

    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(1445827045067L), ZoneOffset.UTC);

    private static CallbackCrypto withPrefix(String token, String aesKey, String owner, String prefix) {
        return new CallbackCrypto(token, aesKey, owner, () -> prefix.getBytes(StandardCharsets.US_ASCII), new SecureRandom(), CLOCK);
    }

    @Test
    void v1OfficialDocPushDecryptsToCheckCreateSuiteUrl() {
        var crypto = new CallbackCrypto(V1_TOKEN, V1_AES_KEY, V1_OWNER);
        var query = CallbackQuery.from(Map.of(
                "signature", List.of(V1_SIGNATURE), "timestamp", List.of(V1_TIMESTAMP), "nonce", List.of(V1_NONCE)));

        String plain = crypto.decryptBody(query, "{\"encrypt\":\"" + V1_ENCRYPT + "\"}");

        assertThat(plain).isEqualTo(V1_PLAINTEXT);
        assertThat(CallbackEvent.parse(plain).eventType()).isEqualTo("check_create_suite_url");
    }

    @Test
    void v1SignatureIsSha1OverTheSortedFourStrings() {
        assertThat(CallbackSignature.compute(V1_TOKEN, V1_TIMESTAMP, V1_NONCE, V1_ENCRYPT)).isEqualTo(V1_SIGNATURE);
    }

    @Test
    void v1ReEncryptedWithItsRecoveredRandomPrefixReproducesTheDocCiphertext() {
        var crypto = withPrefix(V1_TOKEN, V1_AES_KEY, V1_OWNER, V1_RANDOM);

        EncryptedMessage m = crypto.encrypt(V1_PLAINTEXT, V1_TIMESTAMP, V1_NONCE);

        assertThat(m.encrypt()).isEqualTo(V1_ENCRYPT);
        assertThat(m.msgSignature()).isEqualTo(V1_SIGNATURE);
    }

    @Test
    void v2PythonSamplePushDecryptsToCheckUrlWithMsgSignatureName() {
        var crypto = new CallbackCrypto(V2_TOKEN, V2_AES_KEY, V2_OWNER);
        var query = CallbackQuery.from(Map.of(
                "msg_signature", List.of(V2_SIGNATURE), "timeStamp", List.of(V2_TIMESTAMP), "nonce", List.of(V2_NONCE)));

        String plain = crypto.decrypt(query, V2_ENCRYPT);

        assertThat(plain).isEqualTo("{\"EventType\":\"check_url\"}");
        CallbackEvent event = CallbackEvent.parse(plain);
        assertThat(event.isUrlCheck()).isTrue();
        assertThat(event.eventId()).isNull();
    }

    @Test
    void v3ConsoleFaqReplyWithNonCanonicalKeyDecryptsToSuccess() {
        var crypto = new CallbackCrypto(V3_TOKEN, V3_AES_KEY, V3_OWNER);
        String reply = new EncryptedMessage(V3_SIGNATURE, V3_TIMESTAMP, V3_NONCE, V3_ENCRYPT).toJson();

        assertThat(crypto.decryptReply(reply)).isEqualTo("success");
    }

    @Test
    void v3ReEncryptedWithItsRandomPrefixIsByteExact() {
        var crypto = withPrefix(V3_TOKEN, V3_AES_KEY, V3_OWNER, V3_RANDOM);

        EncryptedMessage m = crypto.encrypt("success", V3_TIMESTAMP, V3_NONCE);

        assertThat(m).isEqualTo(new EncryptedMessage(V3_SIGNATURE, V3_TIMESTAMP, V3_NONCE, V3_ENCRYPT));
    }

    @Test
    void nonCanonicalKeyDecodesToThirtyTwoBytes() {
        assertThat(CallbackCrypto.decodeAesKey(V3_AES_KEY)).hasSize(32);
        assertThat(CallbackCrypto.decodeAesKey(V1_AES_KEY)).hasSize(32);
    }

    @Test
    void v4DerivedSuccessReplyWithInjectedPrefixIsByteExact() {
        var crypto = withPrefix(V1_TOKEN, V1_AES_KEY, V1_OWNER, "aaaaaaaaaaaaaaaa");

        EncryptedMessage m = crypto.encrypt("success", V1_TIMESTAMP, V1_NONCE);

        assertThat(m.encrypt()).isEqualTo(V4_ENCRYPT);
        assertThat(m.msgSignature()).isEqualTo(V4_SIGNATURE);
        assertThat(m.toJson()).isEqualTo("{\"msg_signature\":\"" + V4_SIGNATURE + "\",\"timeStamp\":\"" + V1_TIMESTAMP
                + "\",\"nonce\":\"" + V1_NONCE + "\",\"encrypt\":\"" + V4_ENCRYPT + "\"}");
        assertThat(new CallbackCrypto(V1_TOKEN, V1_AES_KEY, V1_OWNER).decryptReply(m.toJson())).isEqualTo("success");
    }
}
