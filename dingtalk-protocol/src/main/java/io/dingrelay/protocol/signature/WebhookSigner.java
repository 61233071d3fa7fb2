package io.dingrelay.protocol.signature;

import io.dingrelay.protocol.answer.DingTalkErrcode;
import io.dingrelay.protocol.signature.SignatureException.Reason;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * 加签 for custom-robot webhooks (§4.2): appends {@code &timestamp=…&sign=…} to the webhook URL the
 * group owner gave, and (for the simulator) checks them on arrival.
 *
 * <pre>{@code
 * String url = WebhookSigner.signUrl("https://oapi.dingtalk.com/robot/send?access_token=abc", "SECxxx", clock.millis());
 * }</pre>
 */
public final class WebhookSigner {

    private WebhookSigner() {
    }

    /**
     * Signs a webhook URL for one request at {@code timestampMs}.
     *
     * <p>The Base64 sign is URL-encoded exactly once (UTF-8): encoding it twice is the classic cause of
     * {@code 310000 sign not match} (I-DNOTICE). Any {@code timestamp} or {@code sign} parameters already
     * in the URL are removed first, so re-signing a signed URL for a retry replaces the stale pair instead
     * of appending a second one. Other parameters ({@code access_token}) and the fragment are kept
     * verbatim, in order.
     *
     * @throws SignatureException MALFORMED naming {@code webhookUrl} when it is not an absolute http(s)
     *                            URL; MISSING naming {@code secret} when the secret is empty
     */
    public static String signUrl(String webhookUrl, String secret, long timestampMs) {
        if (webhookUrl == null || webhookUrl.isEmpty()) {
            throw new SignatureException(Reason.MISSING, "webhookUrl", "is missing");
        }
        checkUrl(webhookUrl);
        if (secret == null || secret.isEmpty()) {
            throw new SignatureException(Reason.MISSING, "secret", "is empty");
        }
        String sign = URLEncoder.encode(HmacSigner.sign(secret, timestampMs), StandardCharsets.UTF_8);

        String fragment = "";
        String rest = webhookUrl;
        int hash = rest.indexOf('#');
        if (hash >= 0) {
            fragment = rest.substring(hash);
            rest = rest.substring(0, hash);
        }
        String base = rest;
        List<String> kept = new ArrayList<>();
        int q = rest.indexOf('?');
        if (q >= 0) {
            base = rest.substring(0, q);
            for (String pair : rest.substring(q + 1).split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                String name = decodeName(pair);
                if (!name.equals("timestamp") && !name.equals("sign")) {
                    kept.add(pair);
                }
            }
        }
        kept.add("timestamp=" + timestampMs);
        kept.add("sign=" + sign);
        return base + "?" + String.join("&", kept) + fragment;
    }

    /**
     * How DingTalk answers a call that fails {@link #verify}: a {@code timestamp} that is there but off or unreadable
     * is {@link DingTalkErrcode#INVALID_TIMESTAMP 310000 invalid timestamp}; anything else (a missing timestamp or
     * sign, a wrong sign) is {@link DingTalkErrcode#SIGN_NOT_MATCH 310000 sign not match}.
     */
    public static DingTalkErrcode errcodeOf(SignatureException failure) {
        boolean badTime = "timestamp".equals(failure.field()) && failure.reason() != Reason.MISSING;
        return badTime ? DingTalkErrcode.INVALID_TIMESTAMP : DingTalkErrcode.SIGN_NOT_MATCH;
    }

    /**
     * Checks the {@code timestamp} and {@code sign} query parameters of a webhook call, as the HTTP
     * server decoded them (so {@code sign} is plain Base64 here), against {@code clock} (the system
     * clock when null).
     *
     * @throws SignatureException MISSING ({@code secret}, {@code timestamp}, {@code sign}), MALFORMED
     *                            ({@code timestamp}, or a {@code sign} that was double- or never-decoded),
     *                            STALE / FUTURE beyond one hour, MISMATCH
     */
    public static void verify(String secret, String timestampParam, String signParam, Clock clock) {
        HmacSigner.verify(secret, "secret", timestampParam, signParam, clock == null ? Clock.systemUTC() : clock);
    }

    private static void checkUrl(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new SignatureException(Reason.MALFORMED, "webhookUrl", "is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("https") || scheme.equals("http")) || uri.getRawAuthority() == null || uri.isOpaque()) {
            throw new SignatureException(Reason.MALFORMED, "webhookUrl", "must be an absolute http(s) URL");
        }
    }

    private static String decodeName(String pair) {
        int eq = pair.indexOf('=');
        String raw = eq >= 0 ? pair.substring(0, eq) : pair;
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return raw; // a broken escape cannot spell "sign" or "timestamp"; keep the pair as it was
        }
    }
}
