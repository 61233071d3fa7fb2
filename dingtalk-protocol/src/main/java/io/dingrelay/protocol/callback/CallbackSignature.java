package io.dingrelay.protocol.callback;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The event-push signature (§1.3): {@code lowercase_hex(SHA1(concat(sort([token, timestamp, nonce, encrypt]))))}.
 * The same function signs requests and the {@code success} reply, each with its own timestamp and nonce.
 */
public final class CallbackSignature {

    private static final char[] HEX = "0123456789abcdef".toCharArray();
    /** One digest per thread: {@code MessageDigest.getInstance} walks the security providers on every call. */
    private static final ThreadLocal<MessageDigest> SHA1 = ThreadLocal.withInitial(CallbackSignature::newSha1);

    private CallbackSignature() {
    }

    /**
     * Computes the signature. The four strings are sorted in Java's {@code String} order (UTF-16,
     * which is byte order for the ASCII DingTalk sends) and joined without a separator, then hashed
     * as UTF-8: the official code uses the platform charset, which is wrong off UTF-8 platforms.
     */
    public static String compute(String token, String timestamp, String nonce, String encrypt) {
        String[] parts = {nz(token), nz(timestamp), nz(nonce), nz(encrypt)};
        Arrays.sort(parts);
        MessageDigest sha1 = SHA1.get();
        sha1.reset();
        for (String p : parts) {
            sha1.update(p.getBytes(StandardCharsets.UTF_8));
        }
        byte[] digest = sha1.digest();
        char[] out = new char[digest.length * 2];
        for (int i = 0; i < digest.length; i++) {
            out[2 * i] = HEX[(digest[i] >> 4) & 0xF];
            out[2 * i + 1] = HEX[digest[i] & 0xF];
        }
        return new String(out);
    }

    /**
     * Constant-time comparison of a received signature with the expected one, so response timing does
     * not reveal how many leading characters were right. Comparison is exact: DingTalk sends lowercase.
     */
    public static boolean matches(String expected, String received) {
        if (expected == null || received == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), received.getBytes(StandardCharsets.UTF_8));
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static MessageDigest newSha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide SHA-1 (java.security.MessageDigest Javadoc).
            throw new IllegalStateException("SHA-1 unavailable", e);
        }
    }
}
