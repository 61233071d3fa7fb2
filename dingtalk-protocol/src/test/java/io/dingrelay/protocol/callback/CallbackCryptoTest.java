package io.dingrelay.protocol.callback;

import static io.dingrelay.protocol.callback.Vectors.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dingrelay.protocol.message.MalformedMessageException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.Random;
import java.util.SplittableRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CallbackCryptoTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-02T03:04:05.678Z"), ZoneOffset.UTC);
    private static final CallbackCrypto V1 = new CallbackCrypto(V1_TOKEN, V1_AES_KEY, V1_OWNER);
    private static final CallbackQuery V1_QUERY = new CallbackQuery(V1_SIGNATURE, V1_TIMESTAMP, V1_NONCE);

    static void assertCrypto(ThrowingCallable call, CryptoError error, String field) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(CallbackCryptoException.class, e -> {
                    assertThat(e.error()).isEqualTo(error);
                    assertThat(e.code()).isEqualTo(error.code());
                    assertThat(e.field()).isEqualTo(field);
                });
    }

    /** Re-signs a tampered ciphertext with the token, as someone who knows the token but not the AES key could. */
    private static String decryptSigned(CallbackCrypto crypto, String token, String encrypt) {
        String sig = CallbackSignature.compute(token, V1_TIMESTAMP, V1_NONCE, encrypt);
        return crypto.decrypt(new CallbackQuery(sig, V1_TIMESTAMP, V1_NONCE), encrypt);
    }

    /** Encrypts an arbitrary raw buffer (no layout, no padding added) with V1's key. */
    private static String rawEncrypt(byte[] buffer) throws Exception {
        byte[] key = Base64.getDecoder().decode(V1_AES_KEY + "=");
        Cipher c = Cipher.getInstance("AES/CBC/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(key, 0, 16));
        return Base64.getEncoder().encodeToString(c.doFinal(buffer));
    }

    private static byte[] layout(byte[] message, int declaredLength, byte[] receiver, byte[] padding) {
        ByteBuffer b = ByteBuffer.allocate(16 + 4 + message.length + receiver.length + padding.length);
        b.put("0123456789abcdef".getBytes(StandardCharsets.US_ASCII)).putInt(declaredLength).put(message).put(receiver).put(padding);
        return b.array();
    }

    private static byte[] pad(int n, int value) {
        byte[] p = new byte[n];
        Arrays.fill(p, (byte) value);
        return p;
    }

    @Nested
    class RoundTrips {

        private static final String ALPHABET = "abcXYZ019 {}\":,中文钉钉机器人😀🎉\n\t\\/";

        private String randomText(SplittableRandom r, int maxCodePoints) {
            int n = r.nextInt(maxCodePoints + 1);
            StringBuilder sb = new StringBuilder();
            int[] cps = ALPHABET.codePoints().toArray();
            for (int i = 0; i < n; i++) {
                sb.appendCodePoint(cps[r.nextInt(cps.length)]);
            }
            return sb.toString();
        }

        private String randomAlnum(SplittableRandom r, int n) {
            return CallbackCrypto.alnum(r, n);
        }

        @Test
        void randomKeysAndTextsSurviveEncryptThenDecrypt() {
            for (long seed = 0; seed < 300; seed++) {
                var r = new SplittableRandom(seed);
                String token = randomAlnum(r, 1 + r.nextInt(40));
                String aesKey = randomAlnum(r, 43);
                String owner = r.nextBoolean() ? "ding" + randomAlnum(r, 16) : "应用" + randomAlnum(r, 3);
                var crypto = new CallbackCrypto(token, aesKey, owner, r.split(), CLOCK);
                String text = randomText(r, 300);
                String ts = Long.toString(r.nextLong(1, Long.MAX_VALUE));
                String nonce = randomAlnum(r, 1 + r.nextInt(20));

                EncryptedMessage m = crypto.encrypt(text, ts, nonce);

                assertThat(crypto.decrypt(m.toQuery(), m.encrypt())).as("seed %d", seed).isEqualTo(text);
                assertThat(crypto.decryptBody(m.toQuery(), m.toPushBody())).as("seed %d", seed).isEqualTo(text);
                assertThat(crypto.decryptReply(m.toJson())).as("seed %d", seed).isEqualTo(text);
                assertThat(Base64.getDecoder().decode(m.encrypt()).length % 32).as("seed %d", seed).isZero();
            }
        }

        @Test
        void chineseAndEmojiPlaintextRoundTripsAndItsLengthFieldCountsUtf8Bytes() {
            String text = "{\"content\":\"钉钉，让进步发生 😀\"}";
            var crypto = new CallbackCrypto(V1_TOKEN, V1_AES_KEY, V1_OWNER, () -> pad(16, 'r'), new Random(1), CLOCK);

            EncryptedMessage m = crypto.encrypt(text, "1", "n");

            assertThat(V1.decrypt(m.toQuery(), m.encrypt())).isEqualTo(text);
            int utf8 = text.getBytes(StandardCharsets.UTF_8).length;
            assertThat(Base64.getDecoder().decode(m.encrypt())).hasSize(((20 + utf8 + V1_OWNER.length()) / 32 + 1) * 32);
        }

        @ParameterizedTest(name = "header+message+owner = {0} bytes")
        @ValueSource(ints = {64, 96, 128, 320})
        void bufferAlreadyAMultipleOf32GetsAFullBlockOfPadding(int total) {
            String text = "x".repeat(total - 20 - V1_OWNER.length());

            EncryptedMessage m = V1.encrypt(text, V1_TIMESTAMP, V1_NONCE);

            assertThat(Base64.getDecoder().decode(m.encrypt())).hasSize(total + 32);
            assertThat(V1.decrypt(m.toQuery(), m.encrypt())).isEqualTo(text);
        }

        @Test
        void emptyPlaintextRoundTrips() {
            EncryptedMessage m = V1.encrypt("", "1", "n");
            assertThat(V1.decrypt(m.toQuery(), m.encrypt())).isEmpty();
        }

        @Test
        void successReplyUsesClockMillisAndSixteenCharacterNonce() {
            var crypto = new CallbackCrypto(V1_TOKEN, V1_AES_KEY, V1_OWNER, new SplittableRandom(7), CLOCK);

            EncryptedMessage reply = crypto.successReply();

            assertThat(reply.timeStamp()).isEqualTo(Long.toString(CLOCK.millis()));
            assertThat(reply.nonce()).matches("[A-Za-z0-9]{16}");
            assertThat(crypto.decryptReply(reply.toJson())).isEqualTo(CallbackCrypto.SUCCESS);
            assertThat(reply.toJson()).startsWith("{\"msg_signature\":\"" + reply.msgSignature() + "\",\"timeStamp\":\"");
        }

        @Test
        void seededRandomMakesRepliesReproducible() {
            var a = new CallbackCrypto(V1_TOKEN, V1_AES_KEY, V1_OWNER, new SplittableRandom(42), CLOCK);
            var b = new CallbackCrypto(V1_TOKEN, V1_AES_KEY, V1_OWNER, new SplittableRandom(42), CLOCK);
            assertThat(a.successReply()).isEqualTo(b.successReply());
        }

        @Test
        void sixteenByteAlignedCiphertextWithWellFormedPaddingIsAccepted() throws Exception {
            // 20 + 3 + 21 = 44 bytes; PKCS#5-style padding to 48 (4 bytes of 4) instead of DingTalk's 64.
            byte[] buf = layout("abc".getBytes(StandardCharsets.UTF_8), 3, V1_OWNER.getBytes(StandardCharsets.UTF_8), pad(4, 4));
            assertThat(decryptSigned(V1, V1_TOKEN, rawEncrypt(buf))).isEqualTo("abc");
        }
    }

    @Nested
    class Tampering {

        @Test
        void wrongSignatureIs900006() {
            String flipped = (V1_SIGNATURE.charAt(0) == 'a' ? "b" : "a") + V1_SIGNATURE.substring(1);
            assertCrypto(() -> V1.decrypt(new CallbackQuery(flipped, V1_TIMESTAMP, V1_NONCE), V1_ENCRYPT),
                    CryptoError.COMPUTE_SIGNATURE_ERROR, "signature");
        }

        @Test
        void uppercaseSignatureIsNotAccepted() {
            assertCrypto(() -> V1.decrypt(new CallbackQuery(V1_SIGNATURE.toUpperCase(), V1_TIMESTAMP, V1_NONCE), V1_ENCRYPT),
                    CryptoError.COMPUTE_SIGNATURE_ERROR, "signature");
        }

        @Test
        void truncatedSignatureIsRejected() {
            assertCrypto(() -> V1.decrypt(new CallbackQuery(V1_SIGNATURE.substring(0, 39), V1_TIMESTAMP, V1_NONCE), V1_ENCRYPT),
                    CryptoError.COMPUTE_SIGNATURE_ERROR, "signature");
        }

        @Test
        void changedTimestampBreaksTheSignature() {
            assertCrypto(() -> V1.decrypt(new CallbackQuery(V1_SIGNATURE, "1445827045068", V1_NONCE), V1_ENCRYPT),
                    CryptoError.COMPUTE_SIGNATURE_ERROR, "signature");
        }

        @Test
        void changedNonceBreaksTheSignature() {
            assertCrypto(() -> V1.decrypt(new CallbackQuery(V1_SIGNATURE, V1_TIMESTAMP, "nEXhMP4R"), V1_ENCRYPT),
                    CryptoError.COMPUTE_SIGNATURE_ERROR, "signature");
        }

        @Test
        void wrongTokenBreaksTheSignature() {
            var other = new CallbackCrypto("654321", V1_AES_KEY, V1_OWNER);
            assertCrypto(() -> other.decrypt(V1_QUERY, V1_ENCRYPT), CryptoError.COMPUTE_SIGNATURE_ERROR, "signature");
        }

        @Test
        void everySingleBitFlipOfTheCiphertextFailsTheSignature() {
            byte[] ct = Base64.getDecoder().decode(V1_ENCRYPT);
            for (int bit = 0; bit < ct.length * 8; bit++) {
                byte[] t = ct.clone();
                t[bit / 8] ^= (byte) (1 << (bit % 8));
                String tampered = Base64.getEncoder().encodeToString(t);
                assertCrypto(() -> V1.decrypt(V1_QUERY, tampered), CryptoError.COMPUTE_SIGNATURE_ERROR, "signature");
            }
        }

        @Test
        void bitFlipsInTheLastBlockReSignedWithTheTokenBreakThePadding() {
            byte[] ct = Base64.getDecoder().decode(V1_ENCRYPT);
            // V1 is 128 bytes with 22 pad bytes, so plaintext block 7 (bytes 112..127) is all padding.
            // CBC: flipping a byte of ciphertext block 6 flips the same byte of plaintext block 7.
            for (int i = ct.length - 32; i < ct.length - 16; i++) {
                byte[] t = ct.clone();
                t[i] ^= 0x01;
                String tampered = Base64.getEncoder().encodeToString(t);
                assertCrypto(() -> decryptSigned(V1, V1_TOKEN, tampered), CryptoError.COMPUTE_DECRYPT_TEXT_LENGTH_ERROR, "encrypt");
            }
        }

        @Test
        void reSignedRandomBitFlipsOnlyEverFailWithDecryptCodes() {
            byte[] ct = Base64.getDecoder().decode(V1_ENCRYPT);
            var r = new SplittableRandom(2026);
            for (int n = 0; n < 500; n++) {
                byte[] t = ct.clone();
                t[r.nextInt(t.length)] ^= (byte) (1 << r.nextInt(8));
                String tampered = Base64.getEncoder().encodeToString(t);
                try {
                    // CBC is malleable: a flip in block k garbles block k and flips one bit of block k+1,
                    // which may land in the message. The token-keyed signature is what prevents that.
                    assertThat(decryptSigned(V1, V1_TOKEN, tampered)).isNotEqualTo(V1_PLAINTEXT);
                } catch (CallbackCryptoException e) {
                    assertThat(e.error()).isIn(CryptoError.COMPUTE_DECRYPT_TEXT_LENGTH_ERROR, CryptoError.COMPUTE_DECRYPT_TEXT_CORPID_ERROR);
                }
            }
        }

        @Test
        void truncationToAPartialBlockIs900008() {
            byte[] ct = Base64.getDecoder().decode(V1_ENCRYPT);
            String truncated = Base64.getEncoder().encodeToString(Arrays.copyOf(ct, ct.length - 3));
            assertCrypto(() -> decryptSigned(V1, V1_TOKEN, truncated), CryptoError.COMPUTE_DECRYPT_TEXT_ERROR, "encrypt");
        }

        @Test
        void truncationByAWholeBlockLosesThePaddingAnd900009() {
            byte[] ct = Base64.getDecoder().decode(V1_ENCRYPT);
            String truncated = Base64.getEncoder().encodeToString(Arrays.copyOf(ct, ct.length - 16));
            assertCrypto(() -> decryptSigned(V1, V1_TOKEN, truncated), CryptoError.COMPUTE_DECRYPT_TEXT_LENGTH_ERROR, "encrypt");
        }

        @Test
        void anExtraBlockAppendedIs900009() {
            byte[] ct = Base64.getDecoder().decode(V1_ENCRYPT);
            byte[] longer = Arrays.copyOf(ct, ct.length + 32);
            String extended = Base64.getEncoder().encodeToString(longer);
            assertCrypto(() -> decryptSigned(V1, V1_TOKEN, extended), CryptoError.COMPUTE_DECRYPT_TEXT_LENGTH_ERROR, "encrypt");
        }

        @ParameterizedTest
        @ValueSource(strings = {"!!!!", "1a3NBxmC FwkC", "1a3NBxmCFwk", "====", "1a3NBxmCFwkCJvfo\n", "-_-_"})
        void invalidBase64Is900008(String encrypt) {
            assertCrypto(() -> decryptSigned(V1, V1_TOKEN, encrypt), CryptoError.COMPUTE_DECRYPT_TEXT_ERROR, "encrypt");
        }

        @Test
        void wrongReceiverIdIs900010NamingOwnerKey() {
            var corpIdInsteadOfSuiteKey = new CallbackCrypto(V1_TOKEN, V1_AES_KEY, "dingcorp0000000000");
            assertCrypto(() -> corpIdInsteadOfSuiteKey.decrypt(V1_QUERY, V1_ENCRYPT), CryptoError.COMPUTE_DECRYPT_TEXT_CORPID_ERROR, "ownerKey");
        }

        @Test
        void receiverIdThatIsAPrefixOfOwnerKeyIs900010() {
            var longer = new CallbackCrypto(V1_TOKEN, V1_AES_KEY, V1_OWNER + "x");
            assertCrypto(() -> longer.decrypt(V1_QUERY, V1_ENCRYPT), CryptoError.COMPUTE_DECRYPT_TEXT_CORPID_ERROR, "ownerKey");
        }

        @Test
        void wrongAesKeyDecryptsGarbageWhichFailsLayoutOrReceiver() {
            var wrongKey = new CallbackCrypto(V1_TOKEN, "A".repeat(43), V1_OWNER);
            assertThatThrownBy(() -> wrongKey.decrypt(V1_QUERY, V1_ENCRYPT))
                    .isInstanceOfSatisfying(CallbackCryptoException.class, e -> assertThat(e.error())
                            .isIn(CryptoError.COMPUTE_DECRYPT_TEXT_LENGTH_ERROR, CryptoError.COMPUTE_DECRYPT_TEXT_CORPID_ERROR));
        }

        @Test
        void errorMessagesNeverContainKeysTokensOrPlaintext() {
            var wrongOwner = new CallbackCrypto(V1_TOKEN, V1_AES_KEY, "x");
            assertThatThrownBy(() -> wrongOwner.decrypt(V1_QUERY, V1_ENCRYPT))
                    .message()
                    .doesNotContain(V1_OWNER, V1_AES_KEY, "check_create_suite_url", V1_RANDOM);
            assertThatThrownBy(() -> new CallbackCrypto(V1_TOKEN, V1_AES_KEY + "x", V1_OWNER))
                    .message().doesNotContain(V1_AES_KEY);
            String expectedSignature = CallbackSignature.compute(V1_TOKEN, V1_TIMESTAMP, V1_NONCE, V1_ENCRYPT);
            assertThatThrownBy(() -> V1.decrypt(new CallbackQuery("0".repeat(40), V1_TIMESTAMP, V1_NONCE), V1_ENCRYPT))
                    .message().doesNotContain(expectedSignature, V1_TOKEN);
        }
    }

    @Nested
    class Layout {

        private final byte[] owner = V1_OWNER.getBytes(StandardCharsets.UTF_8);

        @Test
        void plaintextShorterThanItsHeaderIs900009() throws Exception {
            byte[] buf = new byte[32];
            Arrays.fill(buf, 0, 16, (byte) 'r');
            Arrays.fill(buf, 16, 32, (byte) 16); // 16 bytes of prefix, then 16 bytes of padding: no length field
            assertCrypto(() -> decryptSigned(V1, V1_TOKEN, rawEncrypt(buf)), CryptoError.COMPUTE_DECRYPT_TEXT_LENGTH_ERROR, "encrypt");
        }

        @ParameterizedTest
        @ValueSource(ints = {4, 1000, Integer.MAX_VALUE, -1})
        void lengthFieldPointingPastTheEndIs900009(int declared) throws Exception {
            // "abc" then the 21-byte owner follow the header; only the declared length varies.
            byte[] unpadded = layout("abc".getBytes(StandardCharsets.UTF_8), declared, owner, new byte[0]);
            int n = 32 - unpadded.length % 32;
            byte[] buf = layout("abc".getBytes(StandardCharsets.UTF_8), declared, owner, pad(n, n));
            if (declared == 4) {
                // 4 still fits: the message swallows the receiver's first byte, so the receiver check fails (900010).
                assertCrypto(() -> decryptSigned(V1, V1_TOKEN, rawEncrypt(buf)), CryptoError.COMPUTE_DECRYPT_TEXT_CORPID_ERROR, "ownerKey");
            } else {
                assertCrypto(() -> decryptSigned(V1, V1_TOKEN, rawEncrypt(buf)), CryptoError.COMPUTE_DECRYPT_TEXT_LENGTH_ERROR, "encrypt");
            }
        }

        @ParameterizedTest(name = "last byte {0}")
        @ValueSource(ints = {0, 33, 64, 255})
        void paddingByteOutsideOneTo32Is900009(int last) throws Exception {
            byte[] unpadded = layout("abc".getBytes(StandardCharsets.UTF_8), 3, owner, new byte[0]); // 44 bytes
            byte[] buf = Arrays.copyOf(unpadded, 64);
            Arrays.fill(buf, 44, 64, (byte) last);
            assertCrypto(() -> decryptSigned(V1, V1_TOKEN, rawEncrypt(buf)), CryptoError.COMPUTE_DECRYPT_TEXT_LENGTH_ERROR, "encrypt");
        }

        @Test
        void inconsistentPaddingBytesAre900009() throws Exception {
            byte[] buf = layout("abc".getBytes(StandardCharsets.UTF_8), 3, owner, pad(20, 20));
            buf[buf.length - 5] = 19;
            assertCrypto(() -> decryptSigned(V1, V1_TOKEN, rawEncrypt(buf)), CryptoError.COMPUTE_DECRYPT_TEXT_LENGTH_ERROR, "encrypt");
        }

        @Test
        void invalidUtf8MessageIs900009() throws Exception {
            byte[] msg = {(byte) 0xE4, (byte) 0xB8}; // a truncated 3-byte sequence
            byte[] unpadded = layout(msg, 2, owner, new byte[0]);
            int n = 32 - unpadded.length % 32;
            byte[] buf = layout(msg, 2, owner, pad(n, n));
            assertCrypto(() -> decryptSigned(V1, V1_TOKEN, rawEncrypt(buf)), CryptoError.COMPUTE_DECRYPT_TEXT_LENGTH_ERROR, "encrypt");
        }

        @Test
        void wellFormedHandMadeLayoutDecrypts() throws Exception {
            byte[] unpadded = layout("abc".getBytes(StandardCharsets.UTF_8), 3, owner, new byte[0]);
            int n = 32 - unpadded.length % 32;
            byte[] buf = layout("abc".getBytes(StandardCharsets.UTF_8), 3, owner, pad(n, n));
            assertThat(decryptSigned(V1, V1_TOKEN, rawEncrypt(buf))).isEqualTo("abc");
        }
    }

    @Nested
    class MissingInputs {

        @Test
        void missingQueryValuesNameTheirField() {
            assertCrypto(() -> V1.decrypt(null, V1_ENCRYPT), CryptoError.COMPUTE_SIGNATURE_ERROR, "signature");
            assertCrypto(() -> V1.decrypt(new CallbackQuery(null, V1_TIMESTAMP, V1_NONCE), V1_ENCRYPT), CryptoError.COMPUTE_SIGNATURE_ERROR, "signature");
            assertCrypto(() -> V1.decrypt(new CallbackQuery(V1_SIGNATURE, "", V1_NONCE), V1_ENCRYPT), CryptoError.ENCRYPTION_TIMESTAMP_ILLEGAL, "timestamp");
            assertCrypto(() -> V1.decrypt(new CallbackQuery(V1_SIGNATURE, V1_TIMESTAMP, null), V1_ENCRYPT), CryptoError.ENCRYPTION_NONCE_ILLEGAL, "nonce");
            assertCrypto(() -> V1.decrypt(V1_QUERY, null), CryptoError.COMPUTE_DECRYPT_TEXT_ERROR, "encrypt");
            assertCrypto(() -> V1.decrypt(V1_QUERY, ""), CryptoError.COMPUTE_DECRYPT_TEXT_ERROR, "encrypt");
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "not json", "[]", "{\"encrypt\":1}", "{\"Encrypt\":\"x\"}", "{\"encrypt\":null}", "{\"encrypt\":\"\"}",
                "{\"encrypt\":\"a\"} trailing"})
        void malformedPushBodyNamesEncrypt(String body) {
            assertThatThrownBy(() -> V1.decryptBody(V1_QUERY, body))
                    .isInstanceOfSatisfying(MalformedMessageException.class, e -> assertThat(e.field()).isEqualTo("encrypt"));
        }

        @Test
        void nullPushBodyNamesEncrypt() {
            assertThatThrownBy(() -> V1.decryptBody(V1_QUERY, null))
                    .isInstanceOfSatisfying(MalformedMessageException.class, e -> assertThat(e.field()).isEqualTo("encrypt"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"msg_signature", "timeStamp", "nonce", "encrypt"})
        void replyMissingAFieldNamesIt(String missing) {
            var o = new java.util.LinkedHashMap<String, String>();
            o.put("msg_signature", V4_SIGNATURE);
            o.put("timeStamp", V1_TIMESTAMP);
            o.put("nonce", V1_NONCE);
            o.put("encrypt", V4_ENCRYPT);
            o.remove(missing);
            StringBuilder json = new StringBuilder("{");
            o.forEach((k, v) -> json.append(json.length() > 1 ? "," : "").append('"').append(k).append("\":\"").append(v).append('"'));
            json.append('}');
            assertThatThrownBy(() -> V1.decryptReply(json.toString()))
                    .isInstanceOfSatisfying(MalformedMessageException.class, e -> assertThat(e.field()).isEqualTo(missing));
        }

        @Test
        void encryptRejectsUnusableArguments() {
            assertCrypto(() -> V1.encrypt(null, "1", "n"), CryptoError.ENCRYPTION_PLAINTEXT_ILLEGAL, "plaintext");
            assertCrypto(() -> V1.encrypt("bad \uD800 surrogate", "1", "n"), CryptoError.ENCRYPTION_PLAINTEXT_ILLEGAL, "plaintext");
            assertCrypto(() -> V1.encrypt("x", null, "n"), CryptoError.ENCRYPTION_TIMESTAMP_ILLEGAL, "timestamp");
            assertCrypto(() -> V1.encrypt("x", "1 2", "n"), CryptoError.ENCRYPTION_TIMESTAMP_ILLEGAL, "timestamp");
            assertCrypto(() -> V1.encrypt("x", "1", ""), CryptoError.ENCRYPTION_NONCE_ILLEGAL, "nonce");
            assertCrypto(() -> V1.encrypt("x", "1", "时"), CryptoError.ENCRYPTION_NONCE_ILLEGAL, "nonce");
        }

        @Test
        void randomPrefixOfTheWrongSizeIs900007() {
            var crypto = new CallbackCrypto(V1_TOKEN, V1_AES_KEY, V1_OWNER, () -> new byte[15], new Random(1), CLOCK);
            assertCrypto(() -> crypto.encrypt("x", "1", "n"), CryptoError.COMPUTE_ENCRYPT_TEXT_ERROR, "randomPrefix");
        }
    }

    @Nested
    class Configuration {

        @ParameterizedTest
        @ValueSource(strings = {"", "4g5j64qlyl3zvetqxz5jiocdr586fn2zvjpa8zls3i", "4g5j64qlyl3zvetqxz5jiocdr586fn2zvjpa8zls3ijk",
                "4g5j64qlyl3zvetqxz5jiocdr586fn2zvjpa8zls3i=", "4g5j64qlyl3zvetqxz5jiocdr586fn2zvjpa8zls3i+",
                "4g5j64qlyl3zvetqxz5jiocdr586fn2zvjpa8zls3i/", "4g5j64qlyl3zvetqxz5jiocdr586fn2zvjpa8zls3i中"})
        void aesKeyThatIsNot43AlphanumericsIs900004(String aesKey) {
            assertCrypto(() -> new CallbackCrypto(V1_TOKEN, aesKey, V1_OWNER), CryptoError.AES_KEY_ILLEGAL, "aesKey");
        }

        @Test
        void nullAesKeyIs900004() {
            assertCrypto(() -> new CallbackCrypto(V1_TOKEN, null, V1_OWNER), CryptoError.AES_KEY_ILLEGAL, "aesKey");
        }

        @Test
        void emptyTokenAndOwnerKeyAreRejected() {
            assertCrypto(() -> new CallbackCrypto("", V1_AES_KEY, V1_OWNER), CryptoError.COMPUTE_SIGNATURE_ERROR, "token");
            assertCrypto(() -> new CallbackCrypto(null, V1_AES_KEY, V1_OWNER), CryptoError.COMPUTE_SIGNATURE_ERROR, "token");
            assertCrypto(() -> new CallbackCrypto(V1_TOKEN, V1_AES_KEY, ""), CryptoError.COMPUTE_DECRYPT_TEXT_CORPID_ERROR, "ownerKey");
            assertCrypto(() -> new CallbackCrypto(V1_TOKEN, V1_AES_KEY, null), CryptoError.COMPUTE_DECRYPT_TEXT_CORPID_ERROR, "ownerKey");
        }

        @Test
        void missingCollaboratorsAreNamed() {
            assertCrypto(() -> new CallbackCrypto(V1_TOKEN, V1_AES_KEY, V1_OWNER, (java.util.random.RandomGenerator) null, CLOCK),
                    CryptoError.COMPUTE_ENCRYPT_TEXT_ERROR, "random");
            assertCrypto(() -> new CallbackCrypto(V1_TOKEN, V1_AES_KEY, V1_OWNER, null, new Random(), CLOCK),
                    CryptoError.COMPUTE_ENCRYPT_TEXT_ERROR, "randomPrefix");
            assertCrypto(() -> new CallbackCrypto(V1_TOKEN, V1_AES_KEY, V1_OWNER, new Random(), null),
                    CryptoError.COMPUTE_ENCRYPT_TEXT_ERROR, "clock");
        }
    }
}
