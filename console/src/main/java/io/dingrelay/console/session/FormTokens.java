package io.dingrelay.console.session;

import io.dingrelay.console.config.ConsoleConfig;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One token per rendered form: CSRF protection (the token is bound to the session by an HMAC, and a page of another
 * site cannot read it) and the double-submission guard (a token is claimed once; the second submission of the same
 * form is answered with where the first one led). Used tokens are remembered in memory until they expire.
 *
 * <p>Format: {@code <nonce>.<expiry epoch s>.<base64url HMAC-SHA256(formKey, sessionId|nonce|expiry)>}.
 */
@Singleton
public class FormTokens {

    /** The outcome of presenting a token. */
    public sealed interface Check {
    }

    /** First use: go ahead; {@link #done} records where it led. */
    public record Fresh(String nonce) implements Check {
    }

    /** Submitted before; {@code location} is where the first submission led (null while it is still running). */
    public record Reused(String location) implements Check {
    }

    /** Missing, forged, for another session, or expired. */
    public record Refused(String reason) implements Check {
    }

    private static final String PENDING = "";
    private final byte[] key;
    private final java.time.Duration ttl;
    private final Clock clock;
    private final Map<String, Used> used = new ConcurrentHashMap<>();

    private record Used(String location, Instant expires) {
    }

    @jakarta.inject.Inject
    public FormTokens(SessionKeys keys, ConsoleConfig config) {
        this(keys.formKey(), config.session().formTtl(), Clock.systemUTC());
    }

    FormTokens(byte[] key, java.time.Duration ttl, Clock clock) {
        this.key = key;
        this.ttl = ttl;
        this.clock = clock;
    }

    public String issue(ConsoleSession session) {
        String nonce = SessionKeys.randomId(16);
        long exp = clock.instant().plus(ttl).getEpochSecond();
        return nonce + "." + exp + "." + mac(session.id(), nonce, exp);
    }

    /** Checks a submitted token and, when it is fresh, claims it (a concurrent second submission sees it used). */
    public Check claim(ConsoleSession session, String token) {
        if (token == null || token.isBlank()) {
            return new Refused("the form carried no security token");
        }
        String[] p = token.split("\\.");
        long exp;
        try {
            exp = Long.parseLong(p.length == 3 ? p[1] : "x");
        } catch (NumberFormatException e) {
            return new Refused("the form's security token is malformed");
        }
        if (!MessageDigest.isEqual(mac(session.id(), p[0], exp).getBytes(StandardCharsets.US_ASCII),
                p[2].getBytes(StandardCharsets.US_ASCII))) {
            return new Refused("the form's security token does not belong to this session");
        }
        Instant now = clock.instant();
        if (now.getEpochSecond() >= exp) {
            return new Refused("the form was open too long; it has been shown again");
        }
        if (used.size() > 1000) {
            used.values().removeIf(u -> u.expires().isBefore(now));
        }
        Used before = used.putIfAbsent(p[0], new Used(PENDING, Instant.ofEpochSecond(exp)));
        if (before != null) {
            return new Reused(before.location().isEmpty() ? null : before.location());
        }
        return new Fresh(p[0]);
    }

    /** Records where a claimed form's submission led, for a repeated submission of it. */
    public void done(Fresh fresh, String location) {
        used.computeIfPresent(fresh.nonce(), (k, u) -> new Used(location == null ? PENDING : location, u.expires()));
    }

    private String mac(String sessionId, String nonce, long exp) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(SessionKeys.hmac(key,
                (sessionId + "|" + nonce + "|" + exp).getBytes(StandardCharsets.UTF_8)));
    }
}
