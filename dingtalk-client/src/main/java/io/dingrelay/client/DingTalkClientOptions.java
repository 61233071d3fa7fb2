package io.dingrelay.client;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a {@link DingTalkClient} reaches DingTalk. Immutable; start from {@link #defaults()} and change what differs:
 *
 * <pre>{@code
 * DingTalkClientOptions.defaults().withApiBaseUrl(config.apiBaseUrl()).withLocalAddress("10.0.0.7")
 * }</pre>
 *
 * @param apiBaseUrl          the new-style API ({@code dingtalk.api-base-url}, default {@code https://api.dingtalk.com}):
 *                            access tokens and the robot OpenAPI
 * @param oapiBaseUrl         the legacy API ({@code dingtalk.oapi-base-url}, default {@code https://oapi.dingtalk.com});
 *                            custom-robot webhooks are full URLs and do not use it
 * @param requestTimeout      longest wait for DingTalk's answer to one request (default 5 s): DingTalk answers in tens of
 *                            milliseconds, so anything slower is treated as lost (RETRYABLE {@code timeout})
 * @param connectTimeout      longest wait to open a connection (default 2 s)
 * @param maxConnectionsPerHost pooled keep-alive connections per host (default 64): a push run talks to one host for
 *                            hours, so connections are opened once and reused
 * @param keepAliveTimeout    an idle pooled connection is closed after this (default 60 s)
 * @param localAddress        the local (egress) address to send from, empty for the system's choice; DingTalk's 10,000
 *                            calls / 20 s budget is per egress IP, so a sender with several addresses uses one client
 *                            per address
 * @param tokenRefreshMargin  an access token is fetched again this long before it expires (default 10 min, as DingTalk's
 *                            guide suggests, dingtalk-protocol.md §5.1)
 * @param userAgent           the {@code User-Agent} header
 */
public record DingTalkClientOptions(
        String apiBaseUrl,
        String oapiBaseUrl,
        Duration requestTimeout,
        Duration connectTimeout,
        int maxConnectionsPerHost,
        Duration keepAliveTimeout,
        Optional<String> localAddress,
        Duration tokenRefreshMargin,
        String userAgent) {

    public static final String DEFAULT_API_BASE_URL = "https://api.dingtalk.com";
    public static final String DEFAULT_OAPI_BASE_URL = "https://oapi.dingtalk.com";

    public DingTalkClientOptions {
        apiBaseUrl = stripSlash(Objects.requireNonNull(apiBaseUrl, "apiBaseUrl"));
        oapiBaseUrl = stripSlash(Objects.requireNonNull(oapiBaseUrl, "oapiBaseUrl"));
        requirePositive(requestTimeout, "requestTimeout");
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(keepAliveTimeout, "keepAliveTimeout");
        Objects.requireNonNull(tokenRefreshMargin, "tokenRefreshMargin");
        if (tokenRefreshMargin.isNegative()) {
            throw new IllegalArgumentException("tokenRefreshMargin must not be negative");
        }
        if (maxConnectionsPerHost < 1) {
            throw new IllegalArgumentException("maxConnectionsPerHost must be at least 1, was " + maxConnectionsPerHost);
        }
        localAddress = localAddress == null ? Optional.empty() : localAddress.filter(a -> !a.isBlank());
        userAgent = userAgent == null || userAgent.isBlank() ? "dingrelay" : userAgent;
    }

    public static DingTalkClientOptions defaults() {
        return new DingTalkClientOptions(DEFAULT_API_BASE_URL, DEFAULT_OAPI_BASE_URL, Duration.ofSeconds(5),
                Duration.ofSeconds(2), 64, Duration.ofSeconds(60), Optional.empty(), Duration.ofMinutes(10), "dingrelay");
    }

    public DingTalkClientOptions withApiBaseUrl(String url) {
        return new DingTalkClientOptions(url, oapiBaseUrl, requestTimeout, connectTimeout, maxConnectionsPerHost,
                keepAliveTimeout, localAddress, tokenRefreshMargin, userAgent);
    }

    public DingTalkClientOptions withOapiBaseUrl(String url) {
        return new DingTalkClientOptions(apiBaseUrl, url, requestTimeout, connectTimeout, maxConnectionsPerHost,
                keepAliveTimeout, localAddress, tokenRefreshMargin, userAgent);
    }

    public DingTalkClientOptions withRequestTimeout(Duration timeout) {
        return new DingTalkClientOptions(apiBaseUrl, oapiBaseUrl, timeout, connectTimeout, maxConnectionsPerHost,
                keepAliveTimeout, localAddress, tokenRefreshMargin, userAgent);
    }

    public DingTalkClientOptions withConnectTimeout(Duration timeout) {
        return new DingTalkClientOptions(apiBaseUrl, oapiBaseUrl, requestTimeout, timeout, maxConnectionsPerHost,
                keepAliveTimeout, localAddress, tokenRefreshMargin, userAgent);
    }

    public DingTalkClientOptions withMaxConnectionsPerHost(int max) {
        return new DingTalkClientOptions(apiBaseUrl, oapiBaseUrl, requestTimeout, connectTimeout, max,
                keepAliveTimeout, localAddress, tokenRefreshMargin, userAgent);
    }

    public DingTalkClientOptions withLocalAddress(String address) {
        return new DingTalkClientOptions(apiBaseUrl, oapiBaseUrl, requestTimeout, connectTimeout, maxConnectionsPerHost,
                keepAliveTimeout, Optional.ofNullable(address), tokenRefreshMargin, userAgent);
    }

    public DingTalkClientOptions withTokenRefreshMargin(Duration margin) {
        return new DingTalkClientOptions(apiBaseUrl, oapiBaseUrl, requestTimeout, connectTimeout, maxConnectionsPerHost,
                keepAliveTimeout, localAddress, margin, userAgent);
    }

    public DingTalkClientOptions withUserAgent(String agent) {
        return new DingTalkClientOptions(apiBaseUrl, oapiBaseUrl, requestTimeout, connectTimeout, maxConnectionsPerHost,
                keepAliveTimeout, localAddress, tokenRefreshMargin, agent);
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, was " + d);
        }
    }
}
