package io.dingrelay.keyring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeyRingTest {

    private static final String K1 = KeyRing.generateBase64Key();
    private static final String K2 = KeyRing.generateBase64Key();
    private static final String WEBHOOK = "https://oapi.dingtalk.com/robot/send?access_token=ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab9f";

    @Test
    void sealsUnderTheActiveKeyAndOpensAgain() {
        KeyRing ring = KeyRing.fromBase64(Map.of("k1", K1), "k1");

        Sealed sealed = ring.encrypt(WEBHOOK);

        assertThat(sealed.keyId()).isEqualTo("k1");
        assertThat(sealed.ciphertext()).doesNotContain("ab12cd34").isNotEqualTo(WEBHOOK);
        assertThat(Base64.getDecoder().decode(sealed.ciphertext()))
                .hasSize(KeyRing.NONCE_BYTES + WEBHOOK.length() + KeyRing.TAG_BITS / 8);
        assertThat(ring.decrypt(sealed)).isEqualTo(WEBHOOK);
        assertThat(ring.decrypt("k1", sealed.ciphertext())).isEqualTo(WEBHOOK);
        assertThat(sealed.toString()).doesNotContain(sealed.ciphertext());
    }

    @Test
    void everySealHasAFreshNonce() {
        KeyRing ring = KeyRing.fromBase64(Map.of("k1", K1), "k1");
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            seen.add(ring.encrypt("SECsame").ciphertext());
        }
        assertThat(seen).hasSize(1000);
    }

    @Test
    void unicodeRoundTrips() {
        KeyRing ring = KeyRing.fromBase64(Map.of("k1", K1), "k1");
        assertThat(ring.decrypt(ring.encrypt("早上好 😀"))).isEqualTo("早上好 😀");
        assertThat(ring.decrypt(ring.encrypt(""))).isEmpty();
    }

    @Test
    void oldKeysStayReadableAfterRotationAndReencryptMovesToTheActiveKey() {
        Sealed underK1 = KeyRing.fromBase64(Map.of("k1", K1), "k1").encrypt(WEBHOOK);
        Map<String, String> both = new LinkedHashMap<>();
        both.put("k1", K1);
        both.put("k2", K2);
        KeyRing rotated = KeyRing.fromBase64(both, "k2");

        assertThat(rotated.decrypt(underK1)).isEqualTo(WEBHOOK);
        assertThat(rotated.isStale("k1")).isTrue();
        assertThat(rotated.isStale("k2")).isFalse();
        Sealed underK2 = rotated.reencrypt(underK1);
        assertThat(underK2.keyId()).isEqualTo("k2");
        assertThat(rotated.decrypt(underK2)).isEqualTo(WEBHOOK);
        assertThat(rotated.reencrypt(underK2)).isSameAs(underK2);
        assertThat(rotated.keyIds()).containsExactly("k1", "k2");
    }

    @Test
    void aCiphertextRelabelledWithAnotherKeyIdOrTamperedDoesNotOpen() {
        Map<String, String> both = Map.of("k1", K1, "k2", K2);
        KeyRing ring = KeyRing.fromBase64(both, "k1");
        Sealed sealed = ring.encrypt(WEBHOOK);
        byte[] bytes = Base64.getDecoder().decode(sealed.ciphertext());
        bytes[bytes.length - 1] ^= 1;
        String tampered = Base64.getEncoder().encodeToString(bytes);

        assertThatThrownBy(() -> ring.decrypt("k2", sealed.ciphertext()))
                .isInstanceOf(KeyRingException.class).hasMessageContaining("failed authentication");
        assertThatThrownBy(() -> ring.decrypt("k1", tampered))
                .isInstanceOf(KeyRingException.class).hasMessageContaining("failed authentication")
                .hasMessageNotContaining(tampered);
        assertThatThrownBy(() -> ring.decrypt("k1", "not base64!"))
                .isInstanceOf(KeyRingException.class).hasMessageContaining("base64");
        assertThatThrownBy(() -> ring.decrypt("k1", "AAAA"))
                .isInstanceOf(KeyRingException.class).hasMessageContaining("too short");
        assertThatThrownBy(() -> ring.decrypt("k9", sealed.ciphertext()))
                .isInstanceOf(KeyRingException.class).hasMessageContaining("'k9' is not in the key ring");
    }

    @Test
    void misconfiguredRingsAreRefusedNamingTheKeyNeverItsValue() {
        String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
        assertThatThrownBy(() -> KeyRing.fromBase64(Map.of("k1", shortKey), "k1"))
                .isInstanceOf(KeyRingException.class)
                .hasMessage("dingrelay.crypto.keys.k1 must be 32 bytes (AES-256), got 16");
        assertThatThrownBy(() -> KeyRing.fromBase64(Map.of("k1", "%%%"), "k1"))
                .isInstanceOf(KeyRingException.class).hasMessage("dingrelay.crypto.keys.k1 is not valid base64");
        assertThatThrownBy(() -> KeyRing.fromBase64(Map.of("k1", K1), "k2"))
                .isInstanceOf(KeyRingException.class).hasMessageContaining("active-key=k2 names no key")
                .hasMessageNotContaining(K1);
    }

    @Test
    void aRingWithoutActiveKeyDecryptsButDoesNotEncrypt() {
        Sealed sealed = KeyRing.fromBase64(Map.of("k1", K1), "k1").encrypt("SECabc");
        KeyRing readOnly = KeyRing.fromBase64(Map.of("k1", K1), null);

        assertThat(readOnly.canEncrypt()).isFalse();
        assertThat(readOnly.activeKeyId()).isEmpty();
        assertThat(readOnly.decrypt(sealed)).isEqualTo("SECabc");
        assertThat(readOnly.isStale("k1")).isFalse();
        assertThatThrownBy(() -> readOnly.encrypt("x")).isInstanceOf(KeyRingException.class)
                .hasMessageContaining("no dingrelay.crypto.active-key");
        assertThat(readOnly.toString()).doesNotContain(K1);
    }

    @Test
    void sealsConcurrentlyFromManyThreads() throws Exception {
        KeyRing ring = KeyRing.fromBase64(Map.of("k1", K1), "k1");
        Thread[] threads = new Thread[4];
        Throwable[] failure = new Throwable[1];
        for (int t = 0; t < threads.length; t++) {
            int n = t;
            threads[t] = new Thread(() -> {
                try {
                    for (int i = 0; i < 2000; i++) {
                        String clear = "t" + n + "-" + i;
                        assertThat(ring.decrypt(ring.encrypt(clear))).isEqualTo(clear);
                    }
                } catch (Throwable e) {
                    failure[0] = e;
                }
            });
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(failure[0]).isNull();
    }
}
