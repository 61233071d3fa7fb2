package io.dingrelay.chat.client;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * A URL fit for logs: scheme, host, port and path, with every query value masked. A sessionWebhook's
 * {@code session} parameter (and a webhook's {@code access_token}) is a credential.
 */
public final class RedactedUrl {

    private RedactedUrl() {
    }

    /**
     * {@code text} with every query value of {@code url} masked: exception messages (a Vert.x timeout names the
     * request URI) may quote the URL they failed on.
     */
    public static String scrub(String text, String url) {
        if (text == null || url == null) {
            return text;
        }
        String scrubbed = text;
        try {
            String query = new URI(url).getRawQuery();
            if (query != null) {
                for (String param : query.split("&")) {
                    int eq = param.indexOf('=');
                    String value = eq < 0 ? "" : param.substring(eq + 1);
                    if (!value.isEmpty()) {
                        scrubbed = scrubbed.replace(value, "***");
                    }
                }
            }
        } catch (URISyntaxException e) {
            return scrubbed.replace(url, "<URL>");
        }
        return scrubbed;
    }

    public static String of(String url) {
        if (url == null) {
            return "<none>";
        }
        try {
            URI uri = new URI(url);
            StringBuilder out = new StringBuilder();
            if (uri.getScheme() != null) {
                out.append(uri.getScheme()).append("://");
            }
            if (uri.getHost() != null) {
                out.append(uri.getHost());
            }
            if (uri.getPort() != -1) {
                out.append(':').append(uri.getPort());
            }
            if (uri.getRawPath() != null) {
                out.append(uri.getRawPath());
            }
            if (uri.getRawQuery() != null) {
                out.append('?');
                String[] params = uri.getRawQuery().split("&");
                for (int i = 0; i < params.length; i++) {
                    int eq = params[i].indexOf('=');
                    out.append(i > 0 ? "&" : "").append(eq < 0 ? params[i] : params[i].substring(0, eq) + "=***");
                }
            }
            return out.toString();
        } catch (URISyntaxException e) {
            return "<unparseable URL>";
        }
    }
}
