package io.dingrelay.gateway.support;

import io.dingrelay.protocol.callback.CallbackCrypto;
import io.dingrelay.protocol.callback.EncryptedMessage;
import io.dingrelay.protocol.signature.RobotCallbackVerifier;
import java.time.Clock;
import java.util.Random;

/** Builds valid DingTalk callbacks with {@code dingtalk-protocol}, as DingTalk (or the simulator) would send them. */
public final class Callbacks {

    private Callbacks() {
    }

    /** An encrypted, signed event push: the query string and the {@code {"encrypt":"…"}} body. */
    public record EventPush(String query, String body, EncryptedMessage message) {
    }

    /** A robot callback's signed headers. */
    public record RobotSignature(String timestamp, String sign) {
    }

    public static CallbackCrypto crypto(TestApps.App app) {
        return new CallbackCrypto(app.token(), app.aesKey(), app.ownerKey());
    }

    public static EventPush eventPush(TestApps.App app, String plaintext) {
        return eventPush(crypto(app), plaintext, Long.toString(System.currentTimeMillis()), nonce(new Random()));
    }

    public static EventPush eventPush(CallbackCrypto crypto, String plaintext, String timestamp, String nonce) {
        EncryptedMessage m = crypto.encrypt(plaintext, timestamp, nonce);
        return new EventPush(m.toQuery().toQueryString(), m.toPushBody(), m);
    }

    public static RobotSignature robotSignature(TestApps.App app) {
        return robotSignature(app.appSecret(), System.currentTimeMillis());
    }

    public static RobotSignature robotSignature(String appSecret, long timestampMs) {
        return new RobotSignature(Long.toString(timestampMs),
                new RobotCallbackVerifier(Clock.systemUTC()).sign(appSecret, timestampMs));
    }

    public static String nonce(Random random) {
        return TestApps.alnum(random, 8);
    }
}
