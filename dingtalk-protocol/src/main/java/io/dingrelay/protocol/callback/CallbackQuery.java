package io.dingrelay.protocol.callback;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The query parameters of an event push: {@code signature}, {@code timestamp}, {@code nonce}.
 * The timestamp is opaque (seconds or milliseconds both occur, §1.2) and only enters the signature.
 *
 * @param signature the SHA1 hex signature ({@code msg_signature} or {@code signature})
 * @param timestamp the timestamp ({@code timestamp} or {@code timeStamp}), as sent
 * @param nonce     the nonce
 */
public record CallbackQuery(String signature, String timestamp, String nonce) {

    /**
     * Reads the parameters from a decoded query map (as JAX-RS {@code UriInfo.getQueryParameters()}
     * or Vert.x give them).
     *
     * <p>DingTalk's pages disagree on the names (§7 item 1): the official Java samples read
     * {@code msg_signature} and {@code timestamp}, the URL examples show {@code signature}, the
     * crypto README falls back to {@code timeStamp}. Both spellings are accepted. A parameter given
     * several times (under one or both spellings) must always have the same value, otherwise it is
     * rejected naming it: which one DingTalk signed would be a guess.
     *
     * @throws CallbackCryptoException 900006 naming {@code signature}, 900002 naming {@code timestamp}
     *                                 or 900003 naming {@code nonce} when one is missing or empty (reason
     *                                 {@link CallbackCryptoException.Reason#MISSING}: the request is not signed)
     *                                 or given with different values (reason
     *                                 {@link CallbackCryptoException.Reason#CONFLICTING}: the request is ambiguous)
     */
    public static CallbackQuery from(Map<String, List<String>> queryParams) {
        Map<String, List<String>> q = queryParams == null ? Map.of() : queryParams;
        String signature = single(q, "signature", CryptoError.COMPUTE_SIGNATURE_ERROR, "msg_signature", "signature");
        String timestamp = single(q, "timestamp", CryptoError.ENCRYPTION_TIMESTAMP_ILLEGAL, "timestamp", "timeStamp");
        String nonce = single(q, "nonce", CryptoError.ENCRYPTION_NONCE_ILLEGAL, "nonce");
        return new CallbackQuery(signature, timestamp, nonce);
    }

    private static String single(Map<String, List<String>> q, String field, CryptoError error, String... names) {
        String found = null;
        for (String name : names) {
            List<String> values = q.get(name);
            if (values == null) {
                continue;
            }
            for (String v : values) {
                if (v == null || v.isEmpty()) {
                    continue;
                }
                if (found != null && !found.equals(v)) {
                    throw new CallbackCryptoException(error, CallbackCryptoException.Reason.CONFLICTING, field,
                            "given more than once with different values");
                }
                found = v;
            }
        }
        if (found == null) {
            throw new CallbackCryptoException(error, CallbackCryptoException.Reason.MISSING, field, "query parameter is missing");
        }
        return found;
    }

    /**
     * The query string a sender (the simulator) appends to the callback URL:
     * {@code signature=…&timestamp=…&nonce=…}, values URL-encoded once. {@code signature} is the name
     * the official URL examples show; receivers built on this library accept either spelling.
     */
    public String toQueryString() {
        return "signature=" + enc(signature) + "&timestamp=" + enc(timestamp) + "&nonce=" + enc(nonce);
    }

    private static String enc(String s) {
        return URLEncoder.encode(Objects.toString(s, ""), StandardCharsets.UTF_8);
    }
}
