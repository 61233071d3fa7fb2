package io.dingrelay.registry.service;

import io.dingrelay.keyring.Masking;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What the registry accepts as a custom robot: {@code http(s)://<allowed host>/robot/send?access_token=…} with an
 * optional {@code SEC…} secret, a title and tags. Messages name the field and why, never the value (it may hold
 * the token).
 */
@ApplicationScoped
public class WebhookRules {

    static final int MAX_URL = 500;
    static final int MAX_TITLE = 200;
    static final int MAX_TAGS = 50;
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{8,200}");
    private static final Pattern SECRET = Pattern.compile("SEC[A-Za-z0-9]{8,200}");
    private static final Pattern TAG = Pattern.compile("[\\p{L}\\p{N}_.:/-]{1,64}");

    private final Set<String> hosts;

    public WebhookRules(@ConfigProperty(name = "dingrelay.webhook-hosts", defaultValue = "oapi.dingtalk.com")
            List<String> hosts) {
        this.hosts = hosts.stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).filter(h -> !h.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    public CheckedWebhook webhook(String url, String secret) {
        if (url == null || url.isBlank()) {
            throw new InvalidInputException("webhook", "is required");
        }
        if (url.length() > MAX_URL) {
            throw new InvalidInputException("webhook", "is longer than " + MAX_URL + " characters");
        }
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new InvalidInputException("webhook", "is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost() == null ? null : uri.getHost().toLowerCase(Locale.ROOT);
        if (host == null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw new InvalidInputException("webhook", "must be an absolute http(s) URL with a host");
        }
        if (scheme.equals("http") && !isLoopback(host)) {
            throw new InvalidInputException("webhook", "must use https (plain http only for a local simulator)");
        }
        if (!hosts.contains(host)) {
            throw new InvalidInputException("webhook", "host " + host + " is not in dingrelay.webhook-hosts "
                    + new TreeSet<>(hosts));
        }
        if (uri.getUserInfo() != null || uri.getFragment() != null) {
            throw new InvalidInputException("webhook", "must not carry user info or a fragment");
        }
        if (!"/robot/send".equals(uri.getPath())) {
            throw new InvalidInputException("webhook", "path must be /robot/send");
        }
        String token = null;
        for (String pair : uri.getRawQuery() == null ? new String[0] : uri.getRawQuery().split("&")) {
            String name = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
            String value = pair.contains("=") ? pair.substring(pair.indexOf('=') + 1) : "";
            switch (name) {
                case "access_token" -> {
                    if (token != null) {
                        throw new InvalidInputException("webhook", "has access_token twice");
                    }
                    token = value;
                }
                case "timestamp", "sign" -> throw new InvalidInputException("webhook",
                        "must not carry " + name + ": signing happens at send time with the secret");
                default -> { }
            }
        }
        if (token == null || token.isEmpty()) {
            throw new InvalidInputException("webhook", "has no access_token");
        }
        if (!TOKEN.matcher(token).matches()) {
            throw new InvalidInputException("webhook", "access_token must be 8-200 letters, digits, '-' or '_'");
        }
        String cleanSecret = secret == null || secret.isBlank() ? null : secret.trim();
        if (cleanSecret != null && !SECRET.matcher(cleanSecret).matches()) {
            throw new InvalidInputException("secret", cleanSecret.startsWith("SEC")
                    ? "must be SEC followed by 8-200 letters or digits" : "must start with SEC");
        }
        String clean = uri.toString();
        return new CheckedWebhook(clean, host, sha256(token), Masking.webhook(clean), cleanSecret,
                Masking.secret(cleanSecret));
    }

    public String title(String title, boolean required) {
        if (title == null || title.isBlank()) {
            if (required) {
                throw new InvalidInputException("title", "is required");
            }
            return null;
        }
        String t = title.strip();
        if (t.length() > MAX_TITLE) {
            throw new InvalidInputException("title", "is longer than " + MAX_TITLE + " characters");
        }
        return t;
    }

    /** Tags de-duplicated and sorted; each 1-64 letters, digits or {@code _ . : / -}. */
    public String[] tags(List<String> tags) {
        if (tags == null) {
            return new String[0];
        }
        TreeSet<String> out = new TreeSet<>();
        for (String tag : tags) {
            if (tag == null || !TAG.matcher(tag.strip()).matches()) {
                throw new InvalidInputException("tags", "each tag must be 1-64 letters, digits or _ . : / - (got '"
                        + (tag == null ? "null" : tag.length() > 64 ? tag.substring(0, 64) + "…" : tag) + "')");
            }
            out.add(tag.strip());
        }
        if (out.size() > MAX_TAGS) {
            throw new InvalidInputException("tags", "more than " + MAX_TAGS + " tags");
        }
        return out.toArray(String[]::new);
    }

    public static String required(String value, String field, int max) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(field, "is required");
        }
        if (value.length() > max) {
            throw new InvalidInputException(field, "is longer than " + max + " characters");
        }
        return value.strip();
    }

    private static boolean isLoopback(String host) {
        return host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]");
    }

    // MessageDigest.getInstance walks the providers on every call; one per thread.
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    static String sha256(String token) {
        return HexFormat.of().formatHex(SHA256.get().digest(token.getBytes(StandardCharsets.UTF_8)));
    }
}
