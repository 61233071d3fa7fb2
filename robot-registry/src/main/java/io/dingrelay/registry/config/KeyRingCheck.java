package io.dingrelay.registry.config;

import io.dingrelay.keyring.KeyRing;
import io.dingrelay.registry.security.AdminToken;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Builds the key ring at start-up (so a bad key refuses to start rather than failing the first request) and
 * says which keys are loaded (ids only, never the keys).
 */
@ApplicationScoped
public class KeyRingCheck {

    private static final Logger LOG = Logger.getLogger(KeyRingCheck.class);

    private final KeyRing keyRing;
    private final AdminToken adminToken;

    public KeyRingCheck(KeyRing keyRing, AdminToken adminToken) {
        this.keyRing = keyRing;
        this.adminToken = adminToken;
    }

    void onStart(@Observes StartupEvent event) {
        if (keyRing.canEncrypt()) {
            LOG.infof("Credential key ring: keys %s, active %s", keyRing.keyIds(), keyRing.activeKeyId().get());
        } else {
            LOG.warnf("Credential key ring: keys %s, no dingrelay.crypto.active-key: registering webhooks is refused",
                    keyRing.keyIds());
        }
        if (!adminToken.configured()) {
            LOG.warn("No dingrelay.admin-token: the admin API answers 401 to every request");
        }
    }
}
