package io.dingrelay.protocol.signature;

import static io.dingrelay.protocol.signature.SignatureTestSupport.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.dingrelay.protocol.signature.SignatureException.Reason;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class RobotCallbackVerifierTest {

    // §3.1 DERIVED example.
    private static final String SECRET = "this is a secret";
    private static final long TS = 1577262236757L;
    private static final String SIGN = "DJrE6qdyVGCQz9z5r2MDuNcNAhwYnuAkyj13cx169CA=";
    private static final long HOUR = 3_600_000L;

    private static RobotCallbackVerifier at(long nowMs) {
        return new RobotCallbackVerifier(Clock.fixed(Instant.ofEpochMilli(nowMs), ZoneOffset.UTC));
    }

    @Test
    void derivedExampleSignsAndVerifies() {
        assertThat(HmacSigner.sign(SECRET, TS)).isEqualTo(SIGN);
        assertThat(at(TS).sign(SECRET, TS)).isEqualTo(SIGN);
        assertThatCode(() -> at(TS).verify(SECRET, "1577262236757", SIGN)).doesNotThrowAnyException();
    }

    @Test
    void windowIsOneHourEitherWayInclusive() {
        assertThatCode(() -> at(TS + HOUR).verify(SECRET, Long.toString(TS), SIGN)).doesNotThrowAnyException();
        assertThatCode(() -> at(TS - HOUR).verify(SECRET, Long.toString(TS), SIGN)).doesNotThrowAnyException();
        assertRejected(() -> at(TS + HOUR + 1).verify(SECRET, Long.toString(TS), SIGN), Reason.STALE, "timestamp");
        assertRejected(() -> at(TS - HOUR - 1).verify(SECRET, Long.toString(TS), SIGN), Reason.FUTURE, "timestamp");
    }

    @Test
    void staleCheckHappensEvenWithACorrectSign() {
        assertRejected(() -> at(TS + 24 * HOUR).verify(SECRET, Long.toString(TS), SIGN), Reason.STALE, "timestamp");
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "-1577262236757", "1577262236757.0", " 1577262236757", "1577262236757 ", "1e12",
            "+1577262236757", "99999999999999999999", "15772622367５7"})
    void nonNumericTimestampsAreMalformed(String ts) {
        assertRejected(() -> at(TS).verify(SECRET, ts, SIGN), Reason.MALFORMED, "timestamp");
    }

    @Test
    void secondsInsteadOfMillisecondsLookFiftyYearsStale() {
        assertRejected(() -> at(TS).verify(SECRET, "1577262236", HmacSigner.sign(SECRET, "1577262236")), Reason.STALE, "timestamp");
    }

    @ParameterizedTest
    @NullAndEmptySource
    void missingValuesAreNamed(String missing) {
        assertRejected(() -> at(TS).verify(missing, Long.toString(TS), SIGN), Reason.MISSING, "appSecret");
        assertRejected(() -> at(TS).verify(SECRET, missing, SIGN), Reason.MISSING, "timestamp");
        assertRejected(() -> at(TS).verify(SECRET, Long.toString(TS), missing), Reason.MISSING, "sign");
    }

    @Test
    void wrongSignsAreMismatches() {
        assertRejected(() -> at(TS).verify("this is another secret", Long.toString(TS), SIGN), Reason.MISMATCH, "sign");
        assertRejected(() -> at(TS).verify(SECRET, Long.toString(TS + 1), SIGN), Reason.MISMATCH, "sign");
        assertRejected(() -> at(TS).verify(SECRET, Long.toString(TS), "EJrE6qdyVGCQz9z5r2MDuNcNAhwYnuAkyj13cx169CA="), Reason.MISMATCH, "sign");
    }

    @Test
    void leadingZeroTimestampIsSignedAsText() {
        // "0…" and the number are the same instant but different signed strings.
        assertRejected(() -> at(TS).verify(SECRET, "0" + TS, SIGN), Reason.MISMATCH, "sign");
    }

    @ParameterizedTest
    @ValueSource(strings = {"DJrE6qdyVGCQz9z5r2MDuNcNAhwYnuAkyj13cx169CA%3D", "DJrE6qdyVGCQz9z5r2MDuNcNAhwYnuAkyj13cx169CA",
            "DJrE6qdyVGCQz9z5r2MDuNcNAhwYnuAkyj13cx169C==", "DJrE6qdyVGCQz9z5r2MDuNcNAhwYnuAkyj13cx169CA=x", "!JrE6qdyVGCQz9z5r2MDuNcNAhwYnuAkyj13cx169CA="})
    void signsThatCannotBeAnHmacAreMalformed(String sign) {
        assertRejected(() -> at(TS).verify(SECRET, Long.toString(TS), sign), Reason.MALFORMED, "sign");
    }

    @Test
    void plusDecodedToSpaceIsReportedAsMalformed() {
        long ts = findTimestampWhoseSignContains('+');
        String sign = HmacSigner.sign(SECRET, ts).replace('+', ' ');
        assertRejected(() -> at(ts).verify(SECRET, Long.toString(ts), sign), Reason.MALFORMED, "sign");
    }

    static long findTimestampWhoseSignContains(char c) {
        long ts = TS;
        while (HmacSigner.sign(SECRET, ts).indexOf(c) < 0) {
            ts++;
        }
        return ts;
    }

    @Test
    void signingWithoutASecretIsRejected() {
        assertRejected(() -> at(TS).sign("", TS), Reason.MISSING, "appSecret");
        assertRejected(() -> HmacSigner.sign(null, TS), Reason.MISSING, "secret");
        assertRejected(() -> HmacSigner.sign(SECRET, (String) null), Reason.MISSING, "timestamp");
        assertRejected(() -> HmacSigner.sign(SECRET, ""), Reason.MISSING, "timestamp");
    }

    @Test
    void nonAsciiSecretsAreUtf8() {
        String s = HmacSigner.sign("密钥🔑", TS);
        assertThat(s).hasSize(44).endsWith("=");
        assertThatCode(() -> at(TS).verify("密钥🔑", Long.toString(TS), s)).doesNotThrowAnyException();
    }

    @Test
    void signaturesStayRightAcrossSecretsAndThreads() throws Exception {
        // HmacSigner keeps one initialised Mac per thread and secret: interleaving secrets on one thread and signing
        // on many threads at once must give exactly what a fresh Mac gives.
        String[] secrets = {SECRET, "another secret", "好的秘密"};
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            java.util.List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int seed = t;
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 2_000; i++) {
                        String secret = secrets[(i + seed) % secrets.length];
                        long ts = TS + i * 7L + seed;
                        if (!HmacSigner.sign(secret, ts).equals(reference(secret, ts))) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (var r : results) {
                assertThat(r.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(HmacSigner.sign(SECRET, TS)).isEqualTo(SIGN);
    }

    private static String reference(String secret, long ts) throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
        return java.util.Base64.getEncoder().encodeToString(
                mac.doFinal((ts + "\n" + secret).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
