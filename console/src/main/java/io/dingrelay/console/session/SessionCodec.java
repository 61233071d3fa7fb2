package io.dingrelay.console.session;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import jakarta.inject.Singleton;

/**
 * The session cookie's value: {@code id|issuedAt|expiresAt} sealed with AES-256-GCM (encrypted and authenticated:
 * a changed byte opens as nothing), base64url. The expiry is inside the sealed text, so a client cannot extend it
 * by keeping the cookie longer.
 */
@Singleton
public class SessionCodec {

    /** What a cookie turned out to be. */
    public sealed interface Opened {
    }

    public record Valid(ConsoleSession session) implements Opened {
    }

    public record Expired() implements Opened {
    }

    public record Invalid() implements Opened {
    }

    private static final int IV_BYTES = 12;
    private final SecretKeySpec key;

    public SessionCodec(SessionKeys keys) {
        this.key = new SecretKeySpec(keys.sessionKey(), "AES");
    }

    public ConsoleSession newSession(Instant now, java.time.Duration ttl) {
        return new ConsoleSession(SessionKeys.randomId(18), now, now.plus(ttl));
    }

    public String seal(ConsoleSession s) {
        byte[] iv = new byte[IV_BYTES];
        SessionKeys.RANDOM.nextBytes(iv);
        byte[] plain = (s.id() + "|" + s.issuedAt().getEpochSecond() + "|" + s.expiresAt().getEpochSecond())
                .getBytes(StandardCharsets.UTF_8);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            byte[] sealed = c.doFinal(plain);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(ByteBuffer.allocate(iv.length + sealed.length)
                    .put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public Opened open(String cookie, Instant now) {
        if (cookie == null || cookie.isBlank()) {
            return new Invalid();
        }
        try {
            byte[] all = Base64.getUrlDecoder().decode(cookie.trim());
            if (all.length <= IV_BYTES + 16) {
                return new Invalid();
            }
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, all, 0, IV_BYTES));
            String[] parts = new String(c.doFinal(all, IV_BYTES, all.length - IV_BYTES), StandardCharsets.UTF_8).split("\\|");
            if (parts.length != 3) {
                return new Invalid();
            }
            ConsoleSession s = new ConsoleSession(parts[0], Instant.ofEpochSecond(Long.parseLong(parts[1])),
                    Instant.ofEpochSecond(Long.parseLong(parts[2])));
            return s.expiredAt(now) ? new Expired() : new Valid(s);
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return new Invalid();
        }
    }
}
