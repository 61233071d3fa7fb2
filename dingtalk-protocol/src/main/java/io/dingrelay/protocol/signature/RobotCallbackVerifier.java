package io.dingrelay.protocol.signature;

import java.time.Clock;

/**
 * Authenticates the robot message callback (what DingTalk POSTs when someone @s the robot, §3.1)
 * from its {@code timestamp} and {@code sign} headers, and signs such requests for the simulator.
 *
 * <pre>{@code
 * var verifier = new RobotCallbackVerifier(Clock.systemUTC());
 * verifier.verify(appSecret, headers.get("timestamp"), headers.get("sign")); // throws SignatureException
 * }</pre>
 */
public final class RobotCallbackVerifier {

    private final Clock clock;

    /** Uses the system clock. */
    public RobotCallbackVerifier() {
        this(Clock.systemUTC());
    }

    /** @param clock the receiver's clock, against which the one-hour window is checked (system UTC if null) */
    public RobotCallbackVerifier(Clock clock) {
        this.clock = clock == null ? Clock.systemUTC() : clock;
    }

    /**
     * Accepts the request only if the timestamp is a millisecond count within one hour of now (either
     * way) and the sign equals {@code Base64(HmacSHA256(appSecret, timestamp + "\n" + appSecret))}.
     *
     * @param appSecret       the app's Client Secret
     * @param timestampHeader the {@code timestamp} header, ms since the epoch
     * @param signHeader      the {@code sign} header, Base64 as sent (not URL-encoded)
     * @throws SignatureException MISSING ({@code appSecret}, {@code timestamp}, {@code sign}), MALFORMED
     *                            ({@code timestamp}, {@code sign}), STALE / FUTURE ({@code timestamp}),
     *                            MISMATCH ({@code sign})
     */
    public void verify(String appSecret, String timestampHeader, String signHeader) {
        HmacSigner.verify(appSecret, "appSecret", timestampHeader, signHeader, clock);
    }

    /** The {@code sign} header DingTalk would send with {@code timestamp: timestampMs}. */
    public String sign(String appSecret, long timestampMs) {
        if (appSecret == null || appSecret.isEmpty()) {
            throw new SignatureException(SignatureException.Reason.MISSING, "appSecret", "is empty");
        }
        return HmacSigner.sign(appSecret, timestampMs);
    }
}
