package io.dingrelay.flow;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What one send counts against, besides the egress IP (which {@link FlowControl} chooses): the robot for a custom-robot
 * webhook, the app and API for an OpenAPI send, the organisation whose monthly quota it uses (if quotas are enforced).
 * Build it with {@link #webhook} or {@link #openApi}.
 *
 * @param robot robot key, or null (OpenAPI sends without a per-robot budget)
 * @param app   app-and-API key, or null (webhook sends)
 * @param org   organisation key, or null when the quota is not counted for this send
 */
public record SendScopes(ScopeKey robot, ScopeKey app, ScopeKey org) {

    /** A custom-robot webhook send: the robot's budget, the org's quota (corpId may be null: not counted). */
    public static SendScopes webhook(String robot, String corpId) {
        return new SendScopes(ScopeKey.robot(Objects.requireNonNull(robot, "robot")), null, corpId == null ? null : ScopeKey.org(corpId));
    }

    /**
     * An OpenAPI group send as {@code app}: the app's group-send QPS, the org's quota. {@code robotCode} may be null;
     * given, a robot-scoped throttle answer ({@code send.too.fast}) pauses only that robot.
     */
    public static SendScopes openApi(String app, String robotCode, String corpId) {
        return new SendScopes(robotCode == null ? null : ScopeKey.robot(robotCode), ScopeKey.appGroupSend(Objects.requireNonNull(app, "app")),
                corpId == null ? null : ScopeKey.org(corpId));
    }

    /** Whether the robot key takes per-robot tokens: only custom-robot webhooks have DingTalk's 20/min (OpenAPI robots have no published figure). */
    boolean robotBudgeted() {
        return robot != null && app == null;
    }

    /** The keys a pause can hold: robot, app, org (the IP is chosen per send). */
    List<ScopeKey> pausable() {
        List<ScopeKey> keys = new ArrayList<>(3);
        if (robot != null) {
            keys.add(robot);
        }
        if (app != null) {
            keys.add(app);
        }
        if (org != null) {
            keys.add(org);
        }
        return keys;
    }
}
