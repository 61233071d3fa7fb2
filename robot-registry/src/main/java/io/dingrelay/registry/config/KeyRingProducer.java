package io.dingrelay.registry.config;

import io.dingrelay.keyring.KeyRing;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The shared key ring, built once from {@link CryptoConfig}; a misconfigured ring fails the start-up. */
public class KeyRingProducer {

    @Produces
    @Singleton
    KeyRing keyRing(CryptoConfig crypto) {
        return KeyRing.fromBase64(crypto.keys(), crypto.activeKey().orElse(null));
    }
}
