package io.dingrelay.console.session;

import io.dingrelay.console.config.ConsoleConfig;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.logging.Logger;

/** The session key (configured or random per start) and the form-token key derived from it. */
@Singleton
public class SessionKeys {

    private static final Logger LOG = Logger.getLogger(SessionKeys.class);
    static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] sessionKey;
    private final byte[] formKey;

    public SessionKeys(ConsoleConfig config) {
        this.sessionKey = config.session().key().map(SessionKeys::decode).orElseGet(() -> {
            LOG.warn("dingrelay.console.session.key is not set: using a random key, so sessions end when the console"
                    + " restarts and are not shared between replicas");
            byte[] k = new byte[32];
            RANDOM.nextBytes(k);
            return k;
        });
        this.formKey = hmac(sessionKey, "dingrelay-console form tokens".getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] decode(String base64) {
        byte[] k;
        try {
            k = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("dingrelay.console.session.key is not base64");
        }
        if (k.length != 32) {
            throw new IllegalStateException("dingrelay.console.session.key must be 32 bytes (base64 of a 256-bit key), got " + k.length);
        }
        return k;
    }

    byte[] sessionKey() {
        return sessionKey;
    }

    byte[] formKey() {
        return formKey;
    }

    static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String randomId(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
