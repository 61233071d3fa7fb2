package io.dingrelay.registry.config;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Base64;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Refuses to start with a key ring that could not decrypt what it encrypts, and says at start-up which keys are
 * loaded (ids only, never the keys).
 */
@ApplicationScoped
public class KeyRingCheck {

    private static final Logger LOG = Logger.getLogger(KeyRingCheck.class);
    /** AES-256: the registry never encrypts credentials with a shorter key. */
    private static final int KEY_BYTES = 32;

    private final CryptoConfig crypto;
    /** {@code dingrelay.admin-token}: bearer token of the admin API; absent, the admin API answers 401 to everyone. */
    private final Optional<String> adminToken;

    public KeyRingCheck(CryptoConfig crypto, @ConfigProperty(name = "dingrelay.admin-token") Optional<String> adminToken) {
        this.crypto = crypto;
        this.adminToken = adminToken;
    }

    void onStart(@Observes StartupEvent event) {
        crypto.keys().forEach((id, key) -> {
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(key.trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("dingrelay.crypto.keys." + id + " is not valid base64");
            }
            if (bytes.length != KEY_BYTES) {
                throw new IllegalStateException("dingrelay.crypto.keys." + id + " must be " + KEY_BYTES
                        + " bytes (AES-256), got " + bytes.length);
            }
        });
        crypto.activeKey().ifPresent(active -> {
            if (!crypto.keys().containsKey(active)) {
                throw new IllegalStateException("dingrelay.crypto.active-key=" + active
                        + " names no key of dingrelay.crypto.keys (have " + crypto.keys().keySet() + ")");
            }
        });
        if (crypto.activeKey().isEmpty()) {
            LOG.warn("No dingrelay.crypto.active-key: registering webhooks will be refused until one is configured");
        } else {
            LOG.infof("Credential key ring: keys %s, active %s", crypto.keys().keySet(), crypto.activeKey().get());
        }
        if (adminToken.isEmpty()) {
            LOG.warn("No dingrelay.admin-token: the admin API answers 401 to every request");
        }
    }
}
