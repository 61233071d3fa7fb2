package io.dingrelay.protocol.signature;

import io.dingrelay.protocol.DingTalkLimits;
import io.dingrelay.protocol.json.Json;
import io.dingrelay.protocol.signature.SignatureException.Reason;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The one place computing DingTalk's HMAC signature, shared by robot callbacks (§3.1) and custom-robot
 * webhooks (§4.2): {@code Base64(HmacSHA256(key = secret, message = timestamp + "\n" + secret))},
 * UTF-8, standard Base64 with '=' padding. Webhooks then URL-encode it; callbacks send it as is.
 */
public final class HmacSigner {

    /**
     * One {@link Mac} per thread and secret, initialised once: {@code Mac.getInstance} walks the security providers and
     * {@code init} derives the key pads, which together cost more than the HMAC itself. A Mac is not thread-safe, and
     * {@code doFinal} leaves it ready for the next message with the same key. Threads sign with a handful of secrets
     * (one per app); the map is cleared if it ever grows past {@link #MACS_PER_THREAD}, so it cannot grow without bound.
     */
    private static final ThreadLocal<Map<String, Mac>> MACS = ThreadLocal.withInitial(HashMap::new);
    private static final int MACS_PER_THREAD = 64;

    private HmacSigner() {
    }

    private static Mac mac(String secret) throws GeneralSecurityException {
        Map<String, Mac> macs = MACS.get();
        Mac mac = macs.get(secret);
        if (mac == null) {
            if (macs.size() >= MACS_PER_THREAD) {
                macs.clear();
            }
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            macs.put(secret, mac);
        }
        return mac;
    }

    /** Signs a millisecond timestamp. */
    public static String sign(String secret, long timestampMs) {
        return sign(secret, Long.toString(timestampMs));
    }

    /**
     * Signs a timestamp exactly as given (it is signed as text, so "0123" and "123" differ).
     *
     * @throws SignatureException MISSING naming {@code secret} when the secret is empty (an empty
     *                            HMAC key is not allowed by the JCE and never configured by DingTalk),
     *                            or {@code timestamp} when there is no timestamp
     */
    public static String sign(String secret, String timestamp) {
        if (secret == null || secret.isEmpty()) {
            throw new SignatureException(Reason.MISSING, "secret", "is empty");
        }
        if (timestamp == null || timestamp.isEmpty()) {
            throw new SignatureException(Reason.MISSING, "timestamp", "is empty");
        }
        try {
            byte[] digest = mac(secret).doFinal((timestamp + "\n" + secret).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            // HmacSHA256 is required of every Java platform (javax.crypto.Mac Javadoc).
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /**
     * Checks a {@code timestamp}/{@code sign} pair: both present, the timestamp a millisecond count
     * within {@link DingTalkLimits#SIGNATURE_WINDOW} of {@code clock} either way (the boundary itself is
     * accepted), the sign well-formed Base64 of 32 bytes and equal, in constant time, to ours.
     *
     * @param secretField the name to report for a missing secret ({@code appSecret} or {@code secret})
     * @return the verified timestamp in milliseconds
     */
    static long verify(String secret, String secretField, String timestamp, String sign, Clock clock) {
        if (secret == null || secret.isEmpty()) {
            throw new SignatureException(Reason.MISSING, secretField, "is empty");
        }
        if (timestamp == null || timestamp.isEmpty()) {
            throw new SignatureException(Reason.MISSING, "timestamp", "is missing");
        }
        if (sign == null || sign.isEmpty()) {
            throw new SignatureException(Reason.MISSING, "sign", "is missing");
        }
        long ts = parseMillis(timestamp);
        long now = clock.millis();
        long window = DingTalkLimits.SIGNATURE_WINDOW.toMillis();
        if (ts < now - window) {
            throw new SignatureException(Reason.STALE, "timestamp", "is more than " + DingTalkLimits.SIGNATURE_WINDOW + " in the past");
        }
        if (ts > now + window) {
            throw new SignatureException(Reason.FUTURE, "timestamp", "is more than " + DingTalkLimits.SIGNATURE_WINDOW + " in the future");
        }
        if (!isSha256Base64(sign)) {
            // Typical causes: URL-decoded twice ('+' became ' ') or never decoded ("%3D" left in).
            throw new SignatureException(Reason.MALFORMED, "sign", "is not the Base64 of a 32-byte HMAC (check URL encoding)");
        }
        String expected = sign(secret, timestamp);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), sign.getBytes(StandardCharsets.US_ASCII))) {
            throw new SignatureException(Reason.MISMATCH, "sign", "does not match the secret and timestamp");
        }
        return ts;
    }

    /** A non-negative count of milliseconds in ASCII digits; DingTalk's timestamps are nothing else. */
    private static long parseMillis(String timestamp) {
        Long ms = timestamp.startsWith("-") ? null : Json.parseDigits(timestamp);
        if (ms == null) {
            throw new SignatureException(Reason.MALFORMED, "timestamp", "is not a millisecond count");
        }
        return ms;
    }

    /** 44 characters of standard Base64 ending in one '=': the only shape a SHA-256 HMAC can have. */
    private static boolean isSha256Base64(String s) {
        if (s.length() != 44 || s.charAt(43) != '=') {
            return false;
        }
        try {
            return Base64.getDecoder().decode(s).length == 32;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
