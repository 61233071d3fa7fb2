package io.dingrelay.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The local stack's secrets, generated on the first start and kept in {@code <data>/secrets.properties}
 * (owner-only permissions) so that a restart keeps the same app, tokens and keys: data encrypted in the first run
 * stays readable and callbacks signed by the simulator stay valid.
 *
 * @param appKey          the {@code demo} app's Client ID (also its robotCode)
 * @param appSecret       the app's Client secret: signs robot callbacks
 * @param token           the event subscription token
 * @param aesKey          the 43-character EncodingAESKey (base64 of 32 bytes without the trailing '=')
 * @param ownerKey        the receiver id in encrypted event pushes: the appKey, as DingTalk uses for internal apps
 * @param adminToken      bearer token of the admin APIs
 * @param cryptoKeyId     id of the registry's credential key in {@code dingrelay.crypto.keys}
 * @param cryptoKey       base64 of the registry's 256-bit AES key
 */
public record LocalSecrets(String appKey, String appSecret, String token, String aesKey, String ownerKey,
        String adminToken, String cryptoKeyId, String cryptoKey) {

    /** The one app the local stack configures; {@code {app}} in the gateway's callback paths. */
    public static final String APP = "demo";
    static final String FILE = "secrets.properties";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHANUMERIC = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final String ALPHANUMERIC_MIXED_CASE = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    /** The base64 digits whose value is a multiple of 4 (all alphanumeric). */
    private static final String CANONICAL_LAST_AES_CHARS = "AEIMQUYcgkosw048";
    private static final String SECRET_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    /** Reads the secrets of an earlier start, or generates and saves new ones. */
    public static LocalSecrets loadOrCreate(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        if (Files.exists(file)) {
            return read(file);
        }
        String appKey = "ding" + random(ALPHANUMERIC, 16);
        byte[] crypto = new byte[32];
        RANDOM.nextBytes(crypto);
        LocalSecrets secrets = new LocalSecrets(appKey, random(SECRET_CHARS, 64), random(ALPHANUMERIC, 32),
                newAesKey(), appKey, random(SECRET_CHARS, 40), "local1", Base64.getEncoder().encodeToString(crypto));
        write(file, secrets);
        return secrets;
    }

    /**
     * The secrets as environment variables of the service processes. The services' command lines refer to them
     * as {@code ${NAME}} expressions, which Quarkus expands, so {@code ps} never shows a secret.
     */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("DINGRELAY_LOCAL_APP_SECRET", appSecret);
        env.put("DINGRELAY_LOCAL_APP_TOKEN", token);
        env.put("DINGRELAY_LOCAL_APP_AES_KEY", aesKey);
        env.put("DINGRELAY_LOCAL_ADMIN_TOKEN", adminToken);
        env.put("DINGRELAY_LOCAL_CRYPTO_KEY", cryptoKey);
        return env;
    }

    @Override
    public String toString() {
        return "LocalSecrets[app " + APP + " appKey=" + appKey + ", secrets hidden]";
    }

    /**
     * An EncodingAESKey as DingTalk's console makes them: 43 characters of [A-Za-z0-9] (the gateway rejects '+'
     * and '/'), which decode as base64 (with '=' appended) to the 32-byte AES key: 42 characters carry 252 bits, the
     * last one 4 more, so its 2 low bits must be zero for the decoding to be canonical.
     */
    static String newAesKey() {
        return random(ALPHANUMERIC_MIXED_CASE, 42) + random(CANONICAL_LAST_AES_CHARS, 1);
    }

    static boolean validAesKey(String aesKey) {
        return aesKey != null && aesKey.length() == 43 && aesKey.chars().allMatch(c -> ALPHANUMERIC_MIXED_CASE.indexOf(c) >= 0)
                && CANONICAL_LAST_AES_CHARS.indexOf(aesKey.charAt(42)) >= 0;
    }

    private static String random(String alphabet, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    private static LocalSecrets read(Path file) {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
        try {
            LocalSecrets secrets = new LocalSecrets(required(p, "app-key"), required(p, "app-secret"), required(p, "token"),
                    required(p, "aes-key"), required(p, "owner-key"), required(p, "admin-token"),
                    required(p, "crypto-key-id"), required(p, "crypto-key"));
            if (!validAesKey(secrets.aesKey())) {
                // Written by an early launcher that drew it from all of base64: replace it. Nothing stored depends
                // on it (event pushes are decrypted on arrival), unlike the registry's crypto key.
                secrets = new LocalSecrets(secrets.appKey, secrets.appSecret, secrets.token, newAesKey(), secrets.ownerKey,
                        secrets.adminToken, secrets.cryptoKeyId, secrets.cryptoKey);
                write(file, secrets);
            }
            return secrets;
        } catch (IllegalStateException e) {
            throw new LocalStackException(file + " is incomplete (" + e.getMessage()
                    + "); delete it to generate new secrets (data encrypted with the old key becomes unreadable)");
        }
    }

    private static String required(Properties p, String key) {
        String value = p.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("no " + key);
        }
        return value;
    }

    private static void write(Path file, LocalSecrets s) {
        Properties p = new Properties();
        p.setProperty("app-key", s.appKey);
        p.setProperty("app-secret", s.appSecret);
        p.setProperty("token", s.token);
        p.setProperty("aes-key", s.aesKey);
        p.setProperty("owner-key", s.ownerKey);
        p.setProperty("admin-token", s.adminToken);
        p.setProperty("crypto-key-id", s.cryptoKeyId);
        p.setProperty("crypto-key", s.cryptoKey);
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(FILE + ".tmp");
            Files.deleteIfExists(tmp);
            try {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(tmp); // not a POSIX file system (Windows): the user's profile folder protects it
            }
            try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.TRUNCATE_EXISTING)) {
                p.store(out, "DingRelay local stack secrets, generated once (app '" + APP + "'). Delete the data folder to start over.");
            }
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }
}
