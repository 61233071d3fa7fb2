package io.dingrelay.keyring;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an operator may see of a credential: enough to tell two apart, never enough to use one. The one place
 * for the masking rule, so the registry's API, logs and error messages and the dispatcher's all agree:
 * a webhook keeps its host and path with {@code access_token=ab12…9f} (first 4 and last 2 characters), a 加签
 * secret becomes {@code SEC…c3} (last 2), any other token {@code ab12…9f}.
 */
public final class Masking {

    /** U+2026, one character: the masked form cannot be mistaken for (or pasted back as) the real value. */
    public static final String ELLIPSIS = "…";
    private static final Pattern TOKEN_PARAM =
            Pattern.compile("(?i)([?&](?:access_token|token|secret|sign)=)([^&#]*)");
    private static final String SECRET_PREFIX = "SEC";

    private Masking() {
    }

    /**
     * A token shown as its first 4 and last 2 characters ({@code ab12…9f}); short values show only the
     * ellipsis, since 6 characters of an 8-character value would be most of it.
     */
    public static String token(String token) {
        if (token == null) {
            return null;
        }
        if (token.length() < 12) {
            return ELLIPSIS;
        }
        return token.substring(0, 4) + ELLIPSIS + token.substring(token.length() - 2);
    }

    /** A 加签 secret shown as {@code SEC…c3}; anything not starting with {@code SEC} as the ellipsis only. */
    public static String secret(String secret) {
        if (secret == null) {
            return null;
        }
        if (!secret.startsWith(SECRET_PREFIX)) {
            return ELLIPSIS;
        }
        if (secret.length() < 12) {
            return SECRET_PREFIX + ELLIPSIS;
        }
        return SECRET_PREFIX + ELLIPSIS + secret.substring(secret.length() - 2);
    }

    /**
     * A webhook URL with the value of its {@code access_token} (and any {@code token}, {@code secret},
     * {@code sign} query parameter) masked by {@link #token(String)}; the scheme, host, path and other
     * parameters stay as they were.
     */
    public static String webhook(String url) {
        if (url == null) {
            return null;
        }
        Matcher m = TOKEN_PARAM.matcher(url);
        StringBuilder out = new StringBuilder(url.length());
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + token(m.group(2))));
        }
        m.appendTail(out);
        return out.toString();
    }
}
