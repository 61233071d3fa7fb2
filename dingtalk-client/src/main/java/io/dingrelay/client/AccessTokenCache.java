package io.dingrelay.client;

import io.dingrelay.protocol.answer.Classification;
import io.dingrelay.protocol.answer.Outcome;
import io.dingrelay.protocol.answer.Scope;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.buffer.Buffer;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The apps' OpenAPI access tokens ({@code POST /v1.0/oauth2/accessToken}, dingtalk-protocol.md §5.1), cached per app:
 * a token lives 7200 s and DingTalk throttles apps that ask often, so a send never fetches one.
 *
 * <ul>
 *   <li><b>One fetch in flight per app.</b> Callers that need a token while it is being fetched share that one
 *       request (a memoized {@link Uni}); a failed fetch is not cached, the next caller tries again.</li>
 *   <li><b>Refreshed before expiry.</b> From {@code tokenRefreshMargin} before the token's end a caller triggers a
 *       refresh but is answered with the still-valid token at once, so sends never wait for a refresh; only without
 *       any valid token does a caller wait for the fetch.</li>
 *   <li><b>Invalidated on 401.</b> {@link #invalidate} drops a token DingTalk no longer accepts (revoked, or expired
 *       earlier than announced); the next caller fetches a new one.</li>
 * </ul>
 */
public final class AccessTokenCache {

    static final String TOKEN_PATH = "/v1.0/oauth2/accessToken";

    private static final System.Logger LOG = System.getLogger(AccessTokenCache.class.getName());

    private final JsonPoster poster;
    private final String tokenUrl;
    private final Duration refreshMargin;
    private final Clock clock;
    private final ConcurrentHashMap<String, Slot> slots = new ConcurrentHashMap<>();
    private final AtomicLong fetches = new AtomicLong();

    AccessTokenCache(JsonPoster poster, String apiBaseUrl, Duration refreshMargin, Clock clock) {
        this.poster = poster;
        this.tokenUrl = apiBaseUrl + TOKEN_PATH;
        this.refreshMargin = refreshMargin;
        this.clock = clock;
    }

    /**
     * The app's current token. Fails with {@link AccessTokenException} when DingTalk refuses (its classification says
     * why: wrong appKey/appSecret is PERMANENT APP), or with the transport failure.
     */
    public Uni<String> token(AppCredentials app) {
        return slots.computeIfAbsent(app.name(), name -> new Slot()).get(app);
    }

    /** Forgets {@code token} if it is still the cached one (another caller may have replaced it already). */
    public void invalidate(AppCredentials app, String token) {
        Slot slot = slots.get(app.name());
        if (slot != null) {
            slot.invalidate(token);
        }
    }

    /** How many token requests this cache has made since it was created (for metrics and tests). */
    public long fetches() {
        return fetches.get();
    }

    private record Token(String value, long refreshAtMillis, long expiresAtMillis) {
    }

    private final class Slot {

        private volatile Token current;
        /** The fetch in flight, or null; guarded by {@code this}. */
        private Uni<Token> inFlight;

        Uni<String> get(AppCredentials app) {
            long now = clock.millis();
            Token t = current;
            if (t != null && now < t.refreshAtMillis()) {
                return Uni.createFrom().item(t.value());
            }
            Uni<Token> fetch = fetchOnce(app);
            if (t != null && now < t.expiresAtMillis()) {
                // Refresh in the background; this caller goes on with the still-valid token.
                fetch.subscribe().with(ok -> { }, failure -> LOG.log(System.Logger.Level.WARNING,
                        "refreshing the access token of app " + app.name() + " failed: " + failure.getMessage()));
                return Uni.createFrom().item(t.value());
            }
            return fetch.map(Token::value);
        }

        synchronized void invalidate(String token) {
            Token t = current;
            if (t != null && t.value().equals(token)) {
                current = null;
            }
        }

        private synchronized Uni<Token> fetchOnce(AppCredentials app) {
            if (inFlight == null) {
                inFlight = fetch(app)
                        .onItemOrFailure().invoke((token, failure) -> completed(token))
                        .memoize().indefinitely();
            }
            return inFlight;
        }

        private synchronized void completed(Token token) {
            if (token != null) {
                current = token;
            }
            inFlight = null;
        }

        private Uni<Token> fetch(AppCredentials app) {
            Buffer body = Buffer.buffer(new JsonObject().put("appKey", app.appKey()).put("appSecret", app.appSecret()).encode());
            return Uni.createFrom().deferred(() -> {
                fetches.incrementAndGet();
                long requestedAt = clock.millis();
                return poster.post(tokenUrl, body, null, null).map(response -> {
                    Classification answer = poster.classify(response);
                    JsonObject json = answer.isDelivered() ? parse(response.bodyAsString()) : null;
                    String value = json == null ? null : json.getString("accessToken");
                    Long expireIn = json == null ? null : asLong(json.getValue("expireIn"));
                    if (value == null || value.isEmpty() || expireIn == null || expireIn <= 0) {
                        throw new AccessTokenException(app.name(), answer.isDelivered()
                                ? new Classification(Outcome.RETRYABLE, Scope.APP, "token.unreadable",
                                        "token answer without accessToken/expireIn", Duration.ofSeconds(1))
                                : answer);
                    }
                    // Counted from when we asked: the token may be a little older than the answer says.
                    long expiresAt = requestedAt + expireIn * 1000;
                    long refreshAt = Math.max(requestedAt, expiresAt - refreshMargin.toMillis());
                    return new Token(value, refreshAt, expiresAt);
                });
            });
        }
    }

    private static JsonObject parse(String body) {
        try {
            return new JsonObject(body);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Long asLong(Object v) {
        if (v instanceof Number n) {
            return n.longValue();
        }
        if (v instanceof String s) {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }
}
