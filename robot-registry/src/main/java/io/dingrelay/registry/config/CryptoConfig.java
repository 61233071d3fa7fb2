package io.dingrelay.registry.config;

import io.smallrye.config.ConfigMapping;
import java.util.Map;
import java.util.Optional;

/**
 * The key ring that encrypts webhook URLs and signing secrets at rest (design.md "Configuration contract":
 * {@code dingrelay.crypto.keys.<id>}, {@code dingrelay.crypto.active-key}). Keys have no defaults: they come from
 * the environment or a secret store, never from a file in the repository.
 *
 * <p>The prefix is {@code dingrelay.crypto}, not {@code dingrelay}: a mapping rejects unknown keys under its
 * prefix, and other {@code dingrelay.*} keys (the admin token, other services' settings) are not this mapping's.
 */
@ConfigMapping(prefix = "dingrelay.crypto")
public interface CryptoConfig {

    /**
     * Key id to base64 of a 256-bit AES key. Old keys stay in the ring so that credentials encrypted with them can
     * still be read until they are re-encrypted with the active key. Empty by default.
     */
    Map<String, String> keys();

    /** The key new credentials are encrypted with; must name an entry of {@link #keys()}. No default. */
    Optional<String> activeKey();
}
