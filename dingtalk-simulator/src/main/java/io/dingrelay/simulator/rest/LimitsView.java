package io.dingrelay.simulator.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.dingrelay.simulator.limit.Limits;

import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/** The limits as {@code GET/PUT /sim/limits} show and take them; durations in seconds. */
public record LimitsView(boolean robotEnabled, int robotPerMinute, long robotBanSeconds, int robotThrottleErrcode,
                         int tokenErrcode, boolean ipEnabled, int ipCalls, long ipWindowSeconds, long ipBanSeconds,
                         String ipBanBody, boolean appQpsEnabled, int appQps, long sessionLifetimeSeconds,
                         long accessTokenLifetimeSeconds) {

    private static final Set<String> FIELDS = Set.of("robotEnabled", "robotPerMinute", "robotBanSeconds",
            "robotThrottleErrcode", "tokenErrcode", "ipEnabled", "ipCalls", "ipWindowSeconds", "ipBanSeconds", "ipBanBody",
            "appQpsEnabled", "appQps", "sessionLifetimeSeconds", "accessTokenLifetimeSeconds");

    static LimitsView of(Limits l) {
        return new LimitsView(l.robotEnabled(), l.robotPerMinute(), l.robotBan().toSeconds(), l.robotThrottleErrcode(),
                l.tokenErrcode(), l.ipEnabled(), l.ipCalls(), l.ipWindow().toSeconds(), l.ipBan().toSeconds(), l.ipBanBody(),
                l.appQpsEnabled(), l.appQps(), l.sessionLifetime().toSeconds(), l.accessTokenLifetime().toSeconds());
    }

    /** The current limits with the fields present in {@code patch} replaced; unknown or mistyped fields are named. */
    static Limits merge(Limits l, JsonNode patch) {
        if (patch == null || !patch.isObject()) {
            throw new IllegalArgumentException("body: a JSON object is required");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
            String name = it.next().getKey();
            if (!FIELDS.contains(name)) {
                throw new IllegalArgumentException(name + ": unknown limit (known: " + String.join(", ", FIELDS.stream().sorted().toList()) + ")");
            }
        }
        return new Limits(
                bool(patch, "robotEnabled", l.robotEnabled()),
                integer(patch, "robotPerMinute", l.robotPerMinute()),
                seconds(patch, "robotBanSeconds", l.robotBan()),
                integer(patch, "robotThrottleErrcode", l.robotThrottleErrcode()),
                integer(patch, "tokenErrcode", l.tokenErrcode()),
                bool(patch, "ipEnabled", l.ipEnabled()),
                integer(patch, "ipCalls", l.ipCalls()),
                seconds(patch, "ipWindowSeconds", l.ipWindow()),
                seconds(patch, "ipBanSeconds", l.ipBan()),
                text(patch, "ipBanBody", l.ipBanBody()),
                bool(patch, "appQpsEnabled", l.appQpsEnabled()),
                integer(patch, "appQps", l.appQps()),
                seconds(patch, "sessionLifetimeSeconds", l.sessionLifetime()),
                seconds(patch, "accessTokenLifetimeSeconds", l.accessTokenLifetime()));
    }

    private static boolean bool(JsonNode p, String f, boolean current) {
        JsonNode n = p.get(f);
        if (n == null) {
            return current;
        }
        if (!n.isBoolean()) {
            throw new IllegalArgumentException(f + ": must be true or false");
        }
        return n.booleanValue();
    }

    private static int integer(JsonNode p, String f, int current) {
        JsonNode n = p.get(f);
        if (n == null) {
            return current;
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            throw new IllegalArgumentException(f + ": must be an integer");
        }
        return n.intValue();
    }

    private static Duration seconds(JsonNode p, String f, Duration current) {
        JsonNode n = p.get(f);
        if (n == null) {
            return current;
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            throw new IllegalArgumentException(f + ": must be a whole number of seconds");
        }
        if (n.longValue() <= 0) {
            throw new IllegalArgumentException(f + ": must be positive");
        }
        return Duration.ofSeconds(n.longValue());
    }

    private static String text(JsonNode p, String f, String current) {
        JsonNode n = p.get(f);
        if (n == null) {
            return current;
        }
        if (!n.isTextual()) {
            throw new IllegalArgumentException(f + ": must be a string");
        }
        return n.textValue();
    }
}
