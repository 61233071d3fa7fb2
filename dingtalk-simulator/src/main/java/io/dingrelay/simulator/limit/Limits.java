package io.dingrelay.simulator.limit;

import java.time.Duration;

/**
 * One immutable set of limits in force. Replaced as a whole by {@code PUT /sim/limits}, so a request
 * always sees a consistent set (read once per request from a volatile field).
 *
 * @param robotEnabled          enforce the per-robot per-minute limit
 * @param robotPerMinute        messages per robot per minute
 * @param robotBan              ban after exceeding it
 * @param robotThrottleErrcode  410100 or 130101
 * @param tokenErrcode          300001 or 400101 for a missing, unknown or revoked access_token
 * @param ipEnabled             enforce the per-IP budget
 * @param ipCalls               calls per IP per window
 * @param ipWindow              the window
 * @param ipBan                 ban after exceeding it
 * @param ipBanBody             {@code json} or {@code html}
 * @param appQpsEnabled         enforce the OpenAPI per-app-and-API QPS
 * @param appQps                calls per second per app and API
 * @param sessionLifetime       sessionWebhook lifetime
 * @param accessTokenLifetime   OpenAPI access token lifetime
 */
public record Limits(boolean robotEnabled, int robotPerMinute, Duration robotBan, int robotThrottleErrcode,
                     int tokenErrcode,
                     boolean ipEnabled, int ipCalls, Duration ipWindow, Duration ipBan, String ipBanBody,
                     boolean appQpsEnabled, int appQps,
                     Duration sessionLifetime, Duration accessTokenLifetime) {

    public static final int THROTTLE_DOCUMENTED = 410100;
    public static final int THROTTLE_OBSERVED = 130101;
    public static final int TOKEN_OBSERVED = 300001;
    public static final int TOKEN_DOCUMENTED = 400101;

    /** Checks the values, naming the first wrong field. */
    public Limits {
        positive("robotPerMinute", robotPerMinute);
        positive("ipCalls", ipCalls);
        positive("appQps", appQps);
        positive("robotBan", robotBan);
        positive("ipWindow", ipWindow);
        positive("ipBan", ipBan);
        positive("sessionLifetime", sessionLifetime);
        positive("accessTokenLifetime", accessTokenLifetime);
        if (robotThrottleErrcode != THROTTLE_DOCUMENTED && robotThrottleErrcode != THROTTLE_OBSERVED) {
            throw new IllegalArgumentException("robotThrottleErrcode: must be 410100 or 130101");
        }
        if (tokenErrcode != TOKEN_OBSERVED && tokenErrcode != TOKEN_DOCUMENTED) {
            throw new IllegalArgumentException("tokenErrcode: must be 300001 or 400101");
        }
        if (!"json".equals(ipBanBody) && !"html".equals(ipBanBody)) {
            throw new IllegalArgumentException("ipBanBody: must be json or html");
        }
    }

    private static void positive(String field, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(field + ": must be positive");
        }
    }

    private static void positive(String field, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(field + ": must be a positive duration");
        }
    }
}
