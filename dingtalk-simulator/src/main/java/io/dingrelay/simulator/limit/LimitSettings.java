package io.dingrelay.simulator.limit;

import io.dingrelay.protocol.DingTalkLimits;
import io.dingrelay.simulator.config.SimulatorConfig;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The limits in force: configuration at start-up (DingTalk's published values where unset), replaced at
 * run time by {@code PUT /sim/limits} and restored by {@code DELETE /sim/limits}.
 */
@ApplicationScoped
public class LimitSettings {

    private final Limits configured;
    private volatile Limits current;

    public LimitSettings(SimulatorConfig config) {
        SimulatorConfig.LimitsConfig l = config.limits();
        this.configured = new Limits(
                l.robotEnabled(),
                l.robotPerMinute().orElse(DingTalkLimits.ROBOT_MESSAGES_PER_MINUTE),
                l.robotBan().orElse(DingTalkLimits.ROBOT_THROTTLE_BAN),
                l.robotThrottleErrcode(),
                l.tokenErrcode(),
                l.ipEnabled(),
                l.ipCalls().orElse(DingTalkLimits.IP_CALLS_PER_WINDOW),
                l.ipWindow().orElse(DingTalkLimits.IP_WINDOW),
                l.ipBan().orElse(DingTalkLimits.IP_BAN),
                l.ipBanBody(),
                l.appQpsEnabled(),
                l.appQps().orElse(DingTalkLimits.APP_QPS),
                l.sessionLifetime().orElse(DingTalkLimits.SESSION_WEBHOOK_LIFETIME),
                l.accessTokenLifetime().orElse(DingTalkLimits.ACCESS_TOKEN_LIFETIME));
        this.current = configured;
    }

    public Limits current() {
        return current;
    }

    public Limits replace(Limits next) {
        current = next;
        return next;
    }

    public Limits restore() {
        current = configured;
        return configured;
    }
}
