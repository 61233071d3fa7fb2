package io.dingrelay.simulator.openapi;

import io.dingrelay.simulator.RandomIds;
import io.dingrelay.simulator.clock.SimClock;
import io.dingrelay.messaging.config.DingTalkAppsConfig;
import io.dingrelay.simulator.limit.LimitSettings;
import jakarta.enterprise.context.ApplicationScoped;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * OpenAPI access tokens, as {@code POST /v1.0/oauth2/accessToken} issues them: one token per app; asking
 * again while it is valid returns the same token with its lifetime extended, after expiry a new one.
 */
@ApplicationScoped
public class AccessTokens {

    /** An issued token. */
    public record Issued(String token, String app, String appKey, long expiresAt) {
    }

    private final ConcurrentHashMap<String, Issued> byAppKey = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Issued> byToken = new ConcurrentHashMap<>();
    private final DingTalkAppsConfig apps;
    private final SimClock clock;
    private final LimitSettings limits;

    public AccessTokens(DingTalkAppsConfig apps, SimClock clock, LimitSettings limits) {
        this.apps = apps;
        this.clock = clock;
        this.limits = limits;
    }

    /** The app with these credentials, by name; empty when they match no configured app. */
    public Optional<Map.Entry<String, DingTalkAppsConfig.App>> authenticate(String appKey, String appSecret) {
        if (appKey == null || appSecret == null) {
            return Optional.empty();
        }
        return apps.apps().entrySet().stream()
                .filter(e -> e.getValue().appKey().equals(appKey)
                        && MessageDigest.isEqual(e.getValue().appSecret().getBytes(StandardCharsets.UTF_8),
                        appSecret.getBytes(StandardCharsets.UTF_8)))
                .findFirst();
    }

    /** Issues or extends the app's token. */
    public Issued issue(String app, String appKey) {
        long now = clock.millis();
        long expiresAt = now + limits.current().accessTokenLifetime().toMillis();
        return byAppKey.compute(appKey, (k, prior) -> {
            Issued next = prior != null && prior.expiresAt() > now
                    ? new Issued(prior.token(), app, appKey, expiresAt)
                    : new Issued(RandomIds.hex(32), app, appKey, expiresAt);
            if (prior != null && !prior.token().equals(next.token())) {
                byToken.remove(prior.token());
            }
            byToken.put(next.token(), next);
            return next;
        });
    }

    /** The valid token, or null when unknown or expired. */
    public Issued valid(String token) {
        Issued t = token == null ? null : byToken.get(token);
        return t != null && t.expiresAt() > clock.millis() ? t : null;
    }

    public void clear() {
        byAppKey.clear();
        byToken.clear();
    }
}
