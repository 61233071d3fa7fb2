package io.dingrelay.flow;

import io.dingrelay.protocol.answer.Scope;
import java.util.Objects;

/**
 * One thing DingTalk limits or bans: a robot, an egress IP, an app's use of one API, an organisation. The scope is the
 * protocol library's {@link Scope}, the same one its {@code AnswerClassifier} names in a ban, so a ban pauses exactly
 * this key. {@link #id()} is the key of the shared bucket and of the pause ({@code ip:127.0.0.2}).
 *
 * @param scope ROBOT, IP, APP or ORG
 * @param name  the robot's id (group id or robotCode), the egress address, {@code <app>/<api>}, the organisation's corpId
 */
public record ScopeKey(Scope scope, String name) {

    /** The only API our senders call per message (protocol §5.2); the app QPS limit is per app <em>and</em> API. */
    public static final String GROUP_SEND_API = "robot.groupMessages.send";

    public ScopeKey {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException(scope + " key must not be blank");
        }
    }

    public static ScopeKey robot(String robot) {
        return new ScopeKey(Scope.ROBOT, robot);
    }

    public static ScopeKey ip(String egressAddress) {
        return new ScopeKey(Scope.IP, egressAddress);
    }

    public static ScopeKey app(String app, String api) {
        return new ScopeKey(Scope.APP, app + "/" + api);
    }

    /** The app's group-send API ({@link #GROUP_SEND_API}). */
    public static ScopeKey appGroupSend(String app) {
        return app(app, GROUP_SEND_API);
    }

    public static ScopeKey org(String corpId) {
        return new ScopeKey(Scope.ORG, corpId);
    }

    /** {@code robot:<name>}, {@code ip:<name>}, {@code app:<name>}, {@code org:<name>}. */
    public String id() {
        return scope.name().toLowerCase(java.util.Locale.ROOT) + ":" + name;
    }

    @Override
    public String toString() {
        return id();
    }
}
