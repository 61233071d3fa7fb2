package io.dingrelay.keyring;

import java.util.Objects;

/**
 * A credential encrypted by the {@link KeyRing}: the id of the key it was sealed with and base64 of
 * nonce (12 bytes) + ciphertext + GCM tag (16 bytes). Neither part is a secret, but {@link #toString()} still
 * leaves the ciphertext out: there is no reason to spread it through logs.
 *
 * @param keyId      the key-ring entry ({@code dingrelay.crypto.keys.<keyId>}) it was encrypted with
 * @param ciphertext base64 (standard alphabet, padded) of nonce + ciphertext + tag
 */
public record Sealed(String keyId, String ciphertext) {

    public Sealed {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(ciphertext, "ciphertext");
    }

    @Override
    public String toString() {
        return "Sealed[keyId=" + keyId + "]";
    }
}
