package io.dingrelay.dispatcher.config;

import io.smallrye.config.ConfigMapping;
import java.util.Map;
import java.util.Optional;

/** The shared key ring ({@code dingrelay.crypto.*}, GUIDE contract 4): the dispatcher only decrypts. */
@ConfigMapping(prefix = "dingrelay.crypto")
public interface CryptoConfig {

    /** Key id → base64 of 32 bytes; every id the registry has sealed credentials with. */
    Map<String, String> keys();

    /** The registry's active key; not needed to decrypt. */
    Optional<String> activeKey();
}
