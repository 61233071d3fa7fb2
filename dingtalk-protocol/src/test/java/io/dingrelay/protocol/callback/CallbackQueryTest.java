package io.dingrelay.protocol.callback;

import static io.dingrelay.protocol.callback.CallbackCryptoTest.assertCrypto;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CallbackQueryTest {

    private static Map<String, List<String>> params(String... kv) {
        Map<String, List<String>> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.computeIfAbsent(kv[i], k -> new java.util.ArrayList<>()).add(kv[i + 1]);
        }
        return m;
    }

    @Test
    void readsTheDocumentedSpellings() {
        assertThat(CallbackQuery.from(params("signature", "s", "timestamp", "t", "nonce", "n")))
                .isEqualTo(new CallbackQuery("s", "t", "n"));
        assertThat(CallbackQuery.from(params("msg_signature", "s", "timeStamp", "t", "nonce", "n")))
                .isEqualTo(new CallbackQuery("s", "t", "n"));
    }

    @Test
    void bothSpellingsWithTheSameValueAreAccepted() {
        assertThat(CallbackQuery.from(params("msg_signature", "s", "signature", "s", "timestamp", "t", "timeStamp", "t", "nonce", "n", "nonce", "n")))
                .isEqualTo(new CallbackQuery("s", "t", "n"));
    }

    @Test
    void aParameterGivenTwiceWithDifferentValuesIsRejectedNamingIt() {
        assertCrypto(() -> CallbackQuery.from(params("msg_signature", "s1", "signature", "s2", "timestamp", "t", "nonce", "n")),
                CryptoError.COMPUTE_SIGNATURE_ERROR, "signature");
        assertCrypto(() -> CallbackQuery.from(params("signature", "s", "timestamp", "t1", "timeStamp", "t2", "nonce", "n")),
                CryptoError.ENCRYPTION_TIMESTAMP_ILLEGAL, "timestamp");
        assertCrypto(() -> CallbackQuery.from(params("signature", "s", "timestamp", "t", "nonce", "n1", "nonce", "n2")),
                CryptoError.ENCRYPTION_NONCE_ILLEGAL, "nonce");
    }

    @Test
    void missingOrEmptyParametersAreNamed() {
        assertCrypto(() -> CallbackQuery.from(params("timestamp", "t", "nonce", "n")), CryptoError.COMPUTE_SIGNATURE_ERROR, "signature");
        assertCrypto(() -> CallbackQuery.from(params("signature", "", "timestamp", "t", "nonce", "n")), CryptoError.COMPUTE_SIGNATURE_ERROR, "signature");
        assertCrypto(() -> CallbackQuery.from(params("signature", "s", "nonce", "n")), CryptoError.ENCRYPTION_TIMESTAMP_ILLEGAL, "timestamp");
        assertCrypto(() -> CallbackQuery.from(params("signature", "s", "timestamp", "t")), CryptoError.ENCRYPTION_NONCE_ILLEGAL, "nonce");
        assertCrypto(() -> CallbackQuery.from(params("Signature", "s", "TIMESTAMP", "t", "Nonce", "n")), CryptoError.COMPUTE_SIGNATURE_ERROR, "signature");
        assertCrypto(() -> CallbackQuery.from(null), CryptoError.COMPUTE_SIGNATURE_ERROR, "signature");
    }

    @Test
    void nullListsAndNullValuesCountAsAbsent() {
        Map<String, List<String>> m = new HashMap<>();
        m.put("signature", null);
        m.put("msg_signature", Arrays.asList(null, "s"));
        m.put("timestamp", List.of("t"));
        m.put("nonce", List.of("n"));
        assertThat(CallbackQuery.from(m)).isEqualTo(new CallbackQuery("s", "t", "n"));
    }

    @Test
    void queryStringEncodesEachValueOnce() {
        assertThat(new CallbackQuery("ab12", "1445827045067", "a+b/c=").toQueryString())
                .isEqualTo("signature=ab12&timestamp=1445827045067&nonce=a%2Bb%2Fc%3D");
    }

    @Test
    void theReasonTellsAnUnsignedRequestFromAnAmbiguousOne() {
        for (var missing : List.of(params("timestamp", "t", "nonce", "n"), params("signature", "", "timestamp", "t", "nonce", "n"),
                params("signature", "s", "nonce", "n"), params("signature", "s", "timestamp", "t"), Map.<String, List<String>>of())) {
            assertThat(reasonOf(missing)).as("%s", missing).isEqualTo(CallbackCryptoException.Reason.MISSING);
        }
        for (var conflicting : List.of(params("msg_signature", "s1", "signature", "s2", "timestamp", "t", "nonce", "n"),
                params("signature", "s", "timestamp", "t1", "timeStamp", "t2", "nonce", "n"),
                params("signature", "s", "timestamp", "t", "nonce", "n1", "nonce", "n2"))) {
            assertThat(reasonOf(conflicting)).as("%s", conflicting).isEqualTo(CallbackCryptoException.Reason.CONFLICTING);
        }
    }

    @Test
    void theDetailDoesNotRepeatTheField() {
        try {
            CallbackQuery.from(params("signature", "s", "nonce", "n"));
        } catch (CallbackCryptoException e) {
            assertThat(e.field()).isEqualTo("timestamp");
            assertThat(e.detail()).isEqualTo("query parameter is missing");
            assertThat(e.getMessage()).isEqualTo("900002 ENCRYPTION_TIMESTAMP_ILLEGAL [timestamp]: query parameter is missing");
            return;
        }
        throw new AssertionError("not rejected");
    }

    private static CallbackCryptoException.Reason reasonOf(Map<String, List<String>> query) {
        try {
            CallbackQuery.from(query);
        } catch (CallbackCryptoException e) {
            return e.reason();
        }
        throw new AssertionError("not rejected: " + query);
    }
}
