package io.dingrelay.keyring;

/**
 * A key ring that is misconfigured, or a ciphertext it cannot open (unknown key id, tampered or truncated).
 * Messages name key ids and configuration keys, never key material, plaintexts or ciphertexts.
 */
public class KeyRingException extends RuntimeException {

    public KeyRingException(String message) {
        super(message);
    }

    public KeyRingException(String message, Throwable cause) {
        super(message, cause);
    }
}
