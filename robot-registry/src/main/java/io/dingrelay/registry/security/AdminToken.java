package io.dingrelay.registry.security;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The admin API's bearer token ({@code dingrelay.admin-token}); without one every request is refused. */
@ApplicationScoped
public class AdminToken {

    private static final String BEARER = "Bearer ";

    private final byte[] expected;

    public AdminToken(@ConfigProperty(name = "dingrelay.admin-token") Optional<String> token) {
        this.expected = token.filter(t -> !t.isBlank()).map(t -> t.getBytes(StandardCharsets.UTF_8)).orElse(null);
    }

    public boolean configured() {
        return expected != null;
    }

    /** Whether an {@code Authorization} header carries the token (compared in constant time). */
    public boolean accepts(String authorization) {
        if (expected == null || authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return false;
        }
        byte[] given = authorization.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(expected, given);
    }
}
