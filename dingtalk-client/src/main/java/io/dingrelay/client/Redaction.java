package io.dingrelay.client;

import io.dingrelay.protocol.answer.Classification;

/**
 * Keeps credentials out of what the client hands back. A webhook URL carries {@code access_token} (and a signed one
 * {@code sign}), a sessionWebhook its {@code session}; Vert.x quotes the request URI in its timeout and connection
 * messages, which the classifier copies into {@link Classification#message()}, and callers log that message.
 */
public final class Redaction {

    private Redaction() {
    }

    /** {@code url} with every query value replaced by {@code ***}: scheme, host, port and path stay readable. */
    public static String url(String url) {
        if (url == null) {
            return "<none>";
        }
        int q = url.indexOf('?');
        if (q < 0) {
            return url;
        }
        StringBuilder out = new StringBuilder(url.length()).append(url, 0, q + 1);
        String[] params = url.substring(q + 1).split("&", -1);
        for (int i = 0; i < params.length; i++) {
            int eq = params[i].indexOf('=');
            out.append(i > 0 ? "&" : "").append(eq < 0 ? params[i] : params[i].substring(0, eq + 1) + "***");
        }
        return out.toString();
    }

    /** The classification with any appearance of {@code url}'s query (whole or path-relative) masked in its message. */
    static Classification scrub(Classification c, String url) {
        if (c.message() == null || url == null) {
            return c;
        }
        int q = url.indexOf('?');
        if (q < 0) {
            return c;
        }
        String query = url.substring(q + 1);
        if (!c.message().contains(query) && !containsAnyValue(c.message(), query)) {
            return c;
        }
        String masked = c.message().replace(query, url(url).substring(q + 1));
        for (String param : query.split("&")) {
            int eq = param.indexOf('=');
            String value = eq < 0 ? "" : param.substring(eq + 1);
            if (value.length() >= 4) {
                masked = masked.replace(value, "***");
            }
        }
        return new Classification(c.outcome(), c.scope(), c.code(), masked, c.suggestedBackoff());
    }

    private static boolean containsAnyValue(String text, String query) {
        for (String param : query.split("&")) {
            int eq = param.indexOf('=');
            String value = eq < 0 ? "" : param.substring(eq + 1);
            if (value.length() >= 4 && text.contains(value)) {
                return true;
            }
        }
        return false;
    }
}
