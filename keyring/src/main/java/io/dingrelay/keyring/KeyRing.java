package io.dingrelay.keyring;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Credentials at rest: AES-256-GCM under a versioned key ring ({@code dingrelay.crypto.keys.<id>} = base64 of
 * 32 bytes, {@code dingrelay.crypto.active-key} = the id new credentials are sealed with). Old keys stay in the
 * ring so that what they sealed stays readable until it is re-encrypted under the active key (key rotation).
 *
 * <p>Every seal uses a fresh random 96-bit nonce (NIST SP 800-38D's recommended size; random nonces are safe far
 * beyond the number of credentials we will ever hold under one key). The key id is bound to the ciphertext as
 * additional authenticated data, so a ciphertext relabelled with another key id fails to open instead of
 * decrypting to garbage.
 *
 * <p>Thread-safe. Written against the JDK's own provider (no library): AES-GCM is one {@link Cipher} call, and
 * a dependency would add nothing but weight to every service that decrypts.
 */
public final class KeyRing {

    /** AES-256 only: a shorter key is refused at start-up rather than silently used. */
    public static final int KEY_BYTES = 32;
    static final int NONCE_BYTES = 12;
    static final int TAG_BITS = 128;
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";

    // Cipher.getInstance walks the providers on every call; one per thread, re-initialised for every nonce.
    private static final ThreadLocal<Cipher> CIPHER = ThreadLocal.withInitial(KeyRing::newCipher);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, SecretKey> keys;
    private final String activeKeyId;

    private KeyRing(Map<String, SecretKey> keys, String activeKeyId) {
        this.keys = keys;
        this.activeKeyId = activeKeyId;
    }

    /**
     * A ring from configuration: key id to base64 of 32 bytes, and the active key id (null or blank: this ring
     * can decrypt but not encrypt — the dispatcher's case, or a registry not yet given a key).
     *
     * @throws KeyRingException naming the configuration key that is wrong (never its value)
     */
    public static KeyRing fromBase64(Map<String, String> base64Keys, String activeKeyId) {
        Objects.requireNonNull(base64Keys, "base64Keys");
        Map<String, byte[]> raw = new LinkedHashMap<>();
        base64Keys.forEach((id, value) -> {
            try {
                raw.put(id, Base64.getDecoder().decode(value == null ? "" : value.trim()));
            } catch (IllegalArgumentException e) {
                throw new KeyRingException("dingrelay.crypto.keys." + id + " is not valid base64");
            }
        });
        return of(raw, activeKeyId);
    }

    /** A ring from raw keys (each 32 bytes); see {@link #fromBase64(Map, String)}. */
    public static KeyRing of(Map<String, byte[]> rawKeys, String activeKeyId) {
        Map<String, SecretKey> keys = new LinkedHashMap<>();
        rawKeys.forEach((id, bytes) -> {
            if (id == null || id.isBlank() || !id.matches("[A-Za-z0-9._-]{1,32}")) {
                throw new KeyRingException("key id '" + id + "' must be 1-32 letters, digits, '.', '_' or '-'");
            }
            if (bytes == null || bytes.length != KEY_BYTES) {
                throw new KeyRingException("dingrelay.crypto.keys." + id + " must be " + KEY_BYTES
                        + " bytes (AES-256), got " + (bytes == null ? 0 : bytes.length));
            }
            keys.put(id, new SecretKeySpec(bytes.clone(), "AES"));
        });
        String active = activeKeyId == null || activeKeyId.isBlank() ? null : activeKeyId.trim();
        if (active != null && !keys.containsKey(active)) {
            throw new KeyRingException("dingrelay.crypto.active-key=" + active
                    + " names no key of dingrelay.crypto.keys (have " + new TreeSet<>(keys.keySet()) + ")");
        }
        return new KeyRing(Collections.unmodifiableMap(keys), active);
    }

    /** A fresh random 256-bit key, base64: what an operator puts into {@code dingrelay.crypto.keys.<id>}. */
    public static String generateBase64Key() {
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    /** The key new credentials are sealed with, if one is configured. */
    public Optional<String> activeKeyId() {
        return Optional.ofNullable(activeKeyId);
    }

    /** Whether this ring can encrypt (it has an active key). */
    public boolean canEncrypt() {
        return activeKeyId != null;
    }

    /** The ids of every key in the ring, sorted (never the keys). */
    public Set<String> keyIds() {
        return Collections.unmodifiableSet(new TreeSet<>(keys.keySet()));
    }

    /** Whether something sealed under {@code keyId} should be re-encrypted (it is not the active key). */
    public boolean isStale(String keyId) {
        return activeKeyId != null && !activeKeyId.equals(keyId);
    }

    /**
     * Seals a credential under the active key.
     *
     * @throws KeyRingException when no active key is configured
     */
    public Sealed encrypt(String plaintext) {
        Objects.requireNonNull(plaintext, "plaintext");
        if (activeKeyId == null) {
            throw new KeyRingException("no dingrelay.crypto.active-key configured: cannot encrypt credentials");
        }
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        byte[] clear = plaintext.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[NONCE_BYTES + clear.length + TAG_BITS / 8];
        System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
        try {
            Cipher cipher = CIPHER.get();
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(activeKeyId), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad(activeKeyId));
            cipher.doFinal(clear, 0, clear.length, out, NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new KeyRingException("AES-GCM encryption failed under key " + activeKeyId, e);
        }
        return new Sealed(activeKeyId, Base64.getEncoder().encodeToString(out));
    }

    /** {@link #encrypt(String)} of a value that may be absent (an optional signing secret). */
    public Sealed encryptNullable(String plaintext) {
        return plaintext == null ? null : encrypt(plaintext);
    }

    /** Opens what {@link #encrypt(String)} sealed. */
    public String decrypt(Sealed sealed) {
        return decrypt(sealed.keyId(), sealed.ciphertext());
    }

    /**
     * Opens a ciphertext sealed under {@code keyId}.
     *
     * @throws KeyRingException when the key id is not in the ring, or the ciphertext is not base64, truncated,
     *                          tampered with or sealed under another key
     */
    public String decrypt(String keyId, String ciphertext) {
        SecretKey key = keyId == null ? null : keys.get(keyId);
        if (key == null) {
            throw new KeyRingException("key id '" + keyId + "' is not in the key ring (have " + keyIds() + ")");
        }
        byte[] in;
        try {
            in = Base64.getDecoder().decode(Objects.requireNonNull(ciphertext, "ciphertext"));
        } catch (IllegalArgumentException e) {
            throw new KeyRingException("ciphertext under key " + keyId + " is not valid base64");
        }
        if (in.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new KeyRingException("ciphertext under key " + keyId + " is too short to be AES-GCM");
        }
        try {
            Cipher cipher = CIPHER.get();
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
            cipher.updateAAD(aad(keyId));
            byte[] clear = cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES);
            return new String(clear, StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new KeyRingException("ciphertext under key " + keyId
                    + " failed authentication (tampered, truncated or sealed under another key)");
        } catch (GeneralSecurityException e) {
            throw new KeyRingException("AES-GCM decryption failed under key " + keyId, e);
        }
    }

    /** Re-seals under the active key; a value already under it is returned as is. */
    public Sealed reencrypt(Sealed sealed) {
        if (!isStale(sealed.keyId())) {
            return sealed;
        }
        return encrypt(decrypt(sealed));
    }

    private static byte[] aad(String keyId) {
        return ("dingrelay:" + keyId).getBytes(StandardCharsets.UTF_8);
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance(TRANSFORMATION);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(TRANSFORMATION + " is not available in this JVM", e);
        }
    }

    @Override
    public String toString() {
        return "KeyRing[keys=" + keyIds() + ", active=" + activeKeyId + "]";
    }
}
