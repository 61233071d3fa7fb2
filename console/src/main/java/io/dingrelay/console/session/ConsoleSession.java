package io.dingrelay.console.session;

import java.time.Instant;

/**
 * A signed-in operator: a random id (form tokens are bound to it) and when the session ends. The session holds no
 * credential: the console calls the services with its own configured admin token.
 */
public record ConsoleSession(String id, Instant issuedAt, Instant expiresAt) {

    public boolean expiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
