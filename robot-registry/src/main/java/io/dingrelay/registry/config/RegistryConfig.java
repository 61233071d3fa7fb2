package io.dingrelay.registry.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The registry's own configuration (design.md "Configuration contract"). Secrets have no defaults: they come
 * from the environment ({@code DINGRELAY_ADMIN_TOKEN}, {@code DINGRELAY_CRYPTO_KEYS__<ID>_}) or system properties.
 */
@ConfigMapping(prefix = "dingrelay")
public interface RegistryConfig {

    /**
     * Bearer token of the admin API ({@code /api/groups}). Absent: the admin API answers 401 to everyone,
     * which is the safe way to forget it.
     */
    Optional<String> adminToken();

    /** The key ring that encrypts webhook URLs and signing secrets at rest. */
    Crypto crypto();

    /**
     * Hosts a registered webhook may point at. The default allows only DingTalk; the local stack adds the
     * simulator's host so that webhooks registered against it are accepted.
     */
    @WithDefault("oapi.dingtalk.com")
    List<String> webhookHosts();

    interface Crypto {

        /**
         * Key id to base64 of a 256-bit AES key. Old keys stay in the ring so that credentials encrypted with
         * them can still be read until they are re-encrypted with the active key.
         */
        Map<String, String> keys();

        /** The key new credentials are encrypted with; must name an entry of {@link #keys()}. */
        Optional<String> activeKey();
    }
}
