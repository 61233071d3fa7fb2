package io.dingrelay.protocol.callback;

import io.dingrelay.protocol.json.Json;
import io.dingrelay.protocol.message.MalformedMessageException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies, decrypts and encrypts DingTalk event pushes (业务事件回调, §1): the receiving side uses
 * {@link #decryptBody} and {@link #successReply}; the simulator uses {@link #encrypt} to push and
 * {@link #decryptReply} to check the answer.
 *
 * <h2>Wire format</h2>
 * <ul>
 *   <li>AES key = Base64(EncodingAESKey + "="), 32 bytes, AES-256-CBC without JCE padding, IV = key[0..16).</li>
 *   <li>Plaintext buffer = 16 random bytes | message length (uint32 big-endian) | message (UTF-8) |
 *       ownerKey (UTF-8) | PKCS#7 padding to 32 bytes ({@link Pkcs7Padding32}).</li>
 *   <li>Signature = {@link CallbackSignature#compute}, checked (in constant time) before anything is decrypted.</li>
 * </ul>
 *
 * <h2>Errors</h2>
 * Everything raises {@link CallbackCryptoException} with DingTalk's code: a missing or wrong
 * signature is 900006 as in the official decryptor (900005 "签名不匹配" exists but the official code
 * never throws it, §7 item 5); bad Base64 or partial AES blocks 900008; a bad buffer layout — malformed
 * padding, a plaintext shorter than its 20-byte header, a length field pointing past the end,
 * non-UTF-8 message bytes — 900009; a receiver id other than {@code ownerKey} 900010.
 *
 * <h2>Stricter than the official code, on purpose</h2>
 * <ul>
 *   <li>Padding: the official decryptor treats a last byte outside 1..32 as "no padding" and never
 *       checks the other pad bytes; here any padding other than 1..32 bytes all equal to their count is
 *       900009. A conforming encryptor cannot produce anything else, and the official vectors V1–V3
 *       pass. Ciphertexts that are whole 16-byte blocks but not 32-byte ones are accepted as long as
 *       their padding is well formed.</li>
 *   <li>Base64: strict RFC 4648 (no whitespace, no stray characters), where commons-codec silently
 *       skips junk. DingTalk sends one unbroken standard Base64 string.</li>
 *   <li>Message bytes must be valid UTF-8 (the official code replaces bad bytes with U+FFFD).</li>
 * </ul>
 *
 * <p>Instances are immutable and thread-safe provided the injected random source is (the default,
 * {@link SecureRandom}, is). Ciphers are not thread-safe: each thread keeps its own, initialised per call.
 */
public final class CallbackCrypto {

    /** The EncodingAESKey is always 43 characters: 32 bytes in Base64 without its trailing '='. */
    public static final int AES_KEY_CHARS = 43;

    /** Bytes of random prefix in each plaintext buffer (official SDK: 16 alphanumeric characters). */
    public static final int RANDOM_PREFIX_BYTES = 16;

    /** The plaintext of every reply to an event push (D-HTTPCB: "务必返回包含success的加密的字符串"). */
    public static final String SUCCESS = "success";

    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final int HEADER_BYTES = RANDOM_PREFIX_BYTES + 4;
    private static final int REPLY_NONCE_CHARS = 16;

    private final String token;
    private final SecretKeySpec key;
    private final IvParameterSpec iv;
    private final String ownerKey;
    private final byte[] ownerKeyBytes;
    private final Supplier<byte[]> randomPrefix;
    private final RandomGenerator random;
    private final Clock clock;

    /** With a {@link SecureRandom} and the system clock; what production uses. */
    public CallbackCrypto(String token, String aesKey43, String ownerKey) {
        this(token, aesKey43, ownerKey, new SecureRandom(), Clock.systemUTC());
    }

    /**
     * With an injected random source (for the 16-character prefix and reply nonces) and clock (for
     * reply timestamps), so tests and load generators are deterministic.
     */
    public CallbackCrypto(String token, String aesKey43, String ownerKey, RandomGenerator random, Clock clock) {
        this(token, aesKey43, ownerKey, random == null ? null : () -> alnum(random, RANDOM_PREFIX_BYTES).getBytes(StandardCharsets.US_ASCII), random, clock);
    }

    /**
     * With the random prefix supplied byte for byte (it must return 16 bytes each call), e.g. to
     * reproduce a known ciphertext such as vector V4.
     *
     * @param token     the callback token configured in the console (not empty; the console says 3–32
     *                  alphanumerics, {@code register_call_back} says 6–63 characters, §7 item 3, so
     *                  only emptiness is checked)
     * @param aesKey43  the EncodingAESKey: exactly 43 characters of [A-Za-z0-9]
     * @param ownerKey  the receiver id inside every plaintext: the appKey for console subscriptions,
     *                  the corpId for {@code register_call_back}, the suiteKey for ISV apps (§1.1, §7 item 4)
     * @throws CallbackCryptoException 900004 naming {@code aesKey}; 900006 naming {@code token};
     *                                 900010 naming {@code ownerKey}; 900007 naming a missing collaborator
     */
    public CallbackCrypto(String token, String aesKey43, String ownerKey,
                          Supplier<byte[]> randomPrefix, RandomGenerator random, Clock clock) {
        if (token == null || token.isEmpty()) {
            throw new CallbackCryptoException(CryptoError.COMPUTE_SIGNATURE_ERROR, "token", "must not be empty");
        }
        this.key = new SecretKeySpec(decodeAesKey(aesKey43), "AES");
        if (ownerKey == null || ownerKey.isEmpty() || !Json.isWellFormed(ownerKey)) {
            throw new CallbackCryptoException(CryptoError.COMPUTE_DECRYPT_TEXT_CORPID_ERROR, "ownerKey", "must be a non-empty appKey, corpId or suiteKey");
        }
        if (randomPrefix == null || random == null || clock == null) {
            String which = random == null ? "random" : randomPrefix == null ? "randomPrefix" : "clock";
            throw new CallbackCryptoException(CryptoError.COMPUTE_ENCRYPT_TEXT_ERROR, which, "must not be null");
        }
        this.token = token;
        this.iv = new IvParameterSpec(key.getEncoded(), 0, 16);
        this.ownerKey = ownerKey;
        this.ownerKeyBytes = ownerKey.getBytes(StandardCharsets.UTF_8);
        this.randomPrefix = randomPrefix;
        this.random = random;
        this.clock = clock;
    }

    /**
     * Decodes the 43-character EncodingAESKey. {@code java.util.Base64} accepts keys whose last
     * character has non-zero discarded bits (like the doc's {@code 1234…0123}, §1.4), as commons-codec does.
     */
    static byte[] decodeAesKey(String aesKey43) {
        if (aesKey43 == null || aesKey43.length() != AES_KEY_CHARS) {
            throw new CallbackCryptoException(CryptoError.AES_KEY_ILLEGAL, "aesKey",
                    "must be exactly " + AES_KEY_CHARS + " characters, was " + (aesKey43 == null ? "missing" : aesKey43.length()));
        }
        for (int i = 0; i < aesKey43.length(); i++) {
            char c = aesKey43.charAt(i);
            boolean alnum = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            if (!alnum) {
                throw new CallbackCryptoException(CryptoError.AES_KEY_ILLEGAL, "aesKey", "must contain only [A-Za-z0-9]");
            }
        }
        return Base64.getDecoder().decode(aesKey43 + "=");
    }

    /** The receiver id this instance expects and writes. */
    public String ownerKey() {
        return ownerKey;
    }

    /**
     * Verifies the signature over the raw {@code encrypt} string, then decrypts it.
     *
     * @return the plaintext (for pushes a JSON object; see {@link CallbackEvent#parse})
     * @throws CallbackCryptoException with the codes described on the class
     */
    public String decrypt(CallbackQuery query, String encrypt) {
        if (query == null) {
            throw new CallbackCryptoException(CryptoError.COMPUTE_SIGNATURE_ERROR, CallbackCryptoException.Reason.MISSING, "signature", "query parameters are missing");
        }
        if (isEmpty(query.signature())) {
            throw new CallbackCryptoException(CryptoError.COMPUTE_SIGNATURE_ERROR, CallbackCryptoException.Reason.MISSING, "signature", "is missing");
        }
        if (isEmpty(query.timestamp())) {
            throw new CallbackCryptoException(CryptoError.ENCRYPTION_TIMESTAMP_ILLEGAL, CallbackCryptoException.Reason.MISSING, "timestamp", "is missing");
        }
        if (isEmpty(query.nonce())) {
            throw new CallbackCryptoException(CryptoError.ENCRYPTION_NONCE_ILLEGAL, CallbackCryptoException.Reason.MISSING, "nonce", "is missing");
        }
        if (isEmpty(encrypt)) {
            throw new CallbackCryptoException(CryptoError.COMPUTE_DECRYPT_TEXT_ERROR, CallbackCryptoException.Reason.MISSING, "encrypt", "is missing");
        }
        String expected = CallbackSignature.compute(token, query.timestamp(), query.nonce(), encrypt);
        if (!CallbackSignature.matches(expected, query.signature())) {
            throw new CallbackCryptoException(CryptoError.COMPUTE_SIGNATURE_ERROR, "signature",
                    "does not match token, timestamp, nonce and encrypt");
        }
        return open(encrypt);
    }

    /**
     * Reads an event-push body {@code {"encrypt":"…"}} and {@linkplain #decrypt decrypts} it.
     *
     * @throws MalformedMessageException naming {@code encrypt} when the body is not a JSON object or
     *                                   has no string {@code encrypt}
     * @throws CallbackCryptoException   when verification or decryption fails
     */
    public String decryptBody(CallbackQuery query, String jsonBody) {
        var body = Json.readObject(jsonBody, "encrypt");
        String encrypt = Json.reqText(body, "encrypt", "encrypt");
        return decrypt(query, encrypt);
    }

    /**
     * Checks a reply envelope (as a gateway answers a push) against its own signature and decrypts it;
     * the simulator then expects {@link #SUCCESS}.
     *
     * @throws MalformedMessageException naming the missing field of the envelope, or {@code body}
     * @throws CallbackCryptoException   when the envelope does not verify or decrypt
     */
    public String decryptReply(String replyJson) {
        EncryptedMessage reply = EncryptedMessage.parse(replyJson);
        return decrypt(reply.toQuery(), reply.encrypt());
    }

    /**
     * Encrypts and signs {@code plaintext} with the given timestamp and nonce.
     *
     * @param timestamp any visible-ASCII string; DingTalk accepts seconds or milliseconds (§1.5)
     * @param nonce     any visible-ASCII string; the official SDK uses 16 alphanumerics
     * @throws CallbackCryptoException 900001 / 900002 / 900003 for a missing or unusable argument,
     *                                 900007 when the random prefix is not 16 bytes
     */
    public EncryptedMessage encrypt(String plaintext, String timestamp, String nonce) {
        if (plaintext == null) {
            throw new CallbackCryptoException(CryptoError.ENCRYPTION_PLAINTEXT_ILLEGAL, "plaintext", "is missing");
        }
        if (!isVisibleAscii(timestamp)) {
            throw new CallbackCryptoException(CryptoError.ENCRYPTION_TIMESTAMP_ILLEGAL, "timestamp", "must be non-empty visible ASCII");
        }
        if (!isVisibleAscii(nonce)) {
            throw new CallbackCryptoException(CryptoError.ENCRYPTION_NONCE_ILLEGAL, "nonce", "must be non-empty visible ASCII");
        }
        byte[] message = strictUtf8(plaintext);
        byte[] prefix = randomPrefix.get();
        if (prefix == null || prefix.length != RANDOM_PREFIX_BYTES) {
            throw new CallbackCryptoException(CryptoError.COMPUTE_ENCRYPT_TEXT_ERROR, "randomPrefix",
                    "must be " + RANDOM_PREFIX_BYTES + " bytes");
        }
        int unpadded = HEADER_BYTES + message.length + ownerKeyBytes.length;
        byte[] pad = Pkcs7Padding32.padFor(unpadded);
        ByteBuffer buf = ByteBuffer.allocate(unpadded + pad.length);
        buf.put(prefix).putInt(message.length).put(message).put(ownerKeyBytes).put(pad);
        String encrypt;
        try {
            encrypt = Base64.getEncoder().encodeToString(cipher(Cipher.ENCRYPT_MODE).doFinal(buf.array()));
        } catch (GeneralSecurityException e) {
            throw new CallbackCryptoException(CryptoError.COMPUTE_ENCRYPT_TEXT_ERROR, "plaintext", "AES encryption failed", e);
        }
        return new EncryptedMessage(CallbackSignature.compute(token, timestamp, nonce, encrypt), timestamp, nonce, encrypt);
    }

    /**
     * The answer to every event push: {@code success} encrypted with the current time in
     * milliseconds (as the official Java SDK) and a 16-character alphanumeric nonce.
     */
    public EncryptedMessage successReply() {
        return encrypt(SUCCESS, Long.toString(clock.millis()), alnum(random, REPLY_NONCE_CHARS));
    }

    /** Base64 → AES → unpad → split; the signature has already been checked. */
    private String open(String encrypt) {
        byte[] ciphertext;
        try {
            ciphertext = Base64.getDecoder().decode(encrypt);
        } catch (IllegalArgumentException e) {
            throw new CallbackCryptoException(CryptoError.COMPUTE_DECRYPT_TEXT_ERROR, "encrypt", "is not valid Base64");
        }
        if (ciphertext.length == 0 || ciphertext.length % 16 != 0) {
            throw new CallbackCryptoException(CryptoError.COMPUTE_DECRYPT_TEXT_ERROR, "encrypt",
                    "ciphertext of " + ciphertext.length + " bytes is not whole AES blocks");
        }
        byte[] plain;
        try {
            plain = cipher(Cipher.DECRYPT_MODE).doFinal(ciphertext);
        } catch (GeneralSecurityException e) {
            throw new CallbackCryptoException(CryptoError.COMPUTE_DECRYPT_TEXT_ERROR, "encrypt", "AES decryption failed", e);
        }
        int end = Pkcs7Padding32.unpaddedLength(plain);
        if (end < 0) {
            throw new CallbackCryptoException(CryptoError.COMPUTE_DECRYPT_TEXT_LENGTH_ERROR, "encrypt", "padding is malformed");
        }
        if (end < HEADER_BYTES) {
            throw new CallbackCryptoException(CryptoError.COMPUTE_DECRYPT_TEXT_LENGTH_ERROR, "encrypt",
                    "plaintext is shorter than its " + HEADER_BYTES + "-byte header");
        }
        long length = ByteBuffer.wrap(plain, RANDOM_PREFIX_BYTES, 4).getInt() & 0xFFFF_FFFFL;
        if (length > end - HEADER_BYTES) {
            throw new CallbackCryptoException(CryptoError.COMPUTE_DECRYPT_TEXT_LENGTH_ERROR, "encrypt",
                    "length field points past the end of the plaintext");
        }
        int msgEnd = HEADER_BYTES + (int) length;
        byte[] receiver = Arrays.copyOfRange(plain, msgEnd, end);
        if (!MessageDigest.isEqual(receiver, ownerKeyBytes)) {
            // Do not echo the receiver: it is decrypted content. The usual cause is a wrong ownerKey (§1.1).
            throw new CallbackCryptoException(CryptoError.COMPUTE_DECRYPT_TEXT_CORPID_ERROR, "ownerKey",
                    "the message is addressed to another receiver id (check appKey / corpId / suiteKey)");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(plain, HEADER_BYTES, (int) length))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new CallbackCryptoException(CryptoError.COMPUTE_DECRYPT_TEXT_LENGTH_ERROR, "encrypt", "message is not valid UTF-8");
        }
    }

    /**
     * A cipher of this thread, initialised for this instance's key: {@code Cipher.getInstance} walks the security
     * providers on every call, so each thread keeps one (ciphers are not thread-safe) and {@code init} sets key, IV
     * and mode for each use.
     */
    private Cipher cipher(int mode) throws GeneralSecurityException {
        Cipher c = AES_CBC.get();
        c.init(mode, key, iv);
        return c;
    }

    private static final ThreadLocal<Cipher> AES_CBC = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/CBC/NoPadding");
        } catch (GeneralSecurityException e) {
            // AES/CBC/NoPadding is required of every Java platform (javax.crypto.Cipher Javadoc).
            throw new IllegalStateException("AES/CBC/NoPadding unavailable", e);
        }
    });

    private static byte[] strictUtf8(String plaintext) {
        try {
            ByteBuffer b = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(plaintext));
            byte[] out = new byte[b.remaining()];
            b.get(out);
            return out;
        } catch (CharacterCodingException e) {
            // Unpaired surrogates have no UTF-8 form; String.getBytes would silently write '?'.
            throw new CallbackCryptoException(CryptoError.ENCRYPTION_PLAINTEXT_ILLEGAL, "plaintext", "is not encodable as UTF-8");
        }
    }

    private static boolean isVisibleAscii(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x21 || c > 0x7E) {
                return false;
            }
        }
        return true;
    }

    private static boolean isEmpty(String s) {
        return s == null || s.isEmpty();
    }

    static String alnum(RandomGenerator random, int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = ALNUM.charAt(random.nextInt(ALNUM.length()));
        }
        return new String(out);
    }
}
