package io.dingrelay.events.robot;

import java.util.Arrays;
import java.util.Optional;

/**
 * The group and robot lifecycle changes the registry acts on, with the DingTalk EventType each normalises
 * (dingtalk-protocol.md §2.2). DingTalk has no robot-joined event (§2.3), hence {@link #ROBOT_SEEN}, derived
 * from the first @robot message in a group.
 */
public enum RobotEventKind {
    COOL_APP_INSTALLED("im_cool_app_install", "cool-app-installed"),
    COOL_APP_UNINSTALLED("im_cool_app_uninstall", "cool-app-uninstalled"),
    GROUP_DISBANDED("chat_disband", "group-disbanded"),
    GROUP_RENAMED("chat_update_title", "group-renamed"),
    GROUP_OWNER_CHANGED("chat_update_owner", "group-owner-changed"),
    MEMBER_QUIT("chat_quit", "member-quit"),
    ORG_AUTH_REVOKED("org_suite_relieve", "org-auth-revoked"),
    ORG_AUTH_CHANGED("org_suite_change", "org-auth-changed"),
    ROBOT_SEEN(null, "robot-seen");

    private final String dingTalkEventType;
    private final String typeSuffix;

    RobotEventKind(String dingTalkEventType, String typeSuffix) {
        this.dingTalkEventType = dingTalkEventType;
        this.typeSuffix = typeSuffix;
    }

    /** The DingTalk EventType this kind comes from; null for kinds DingRelay derives itself. */
    public String dingTalkEventType() {
        return dingTalkEventType;
    }

    /** The CloudEvents type suffix, e.g. {@code group-disbanded.v1} after {@code io.dingrelay.robot.}. */
    public String typeSuffix() {
        return typeSuffix + ".v1";
    }

    /** The kind a DingTalk EventType normalises to, if it is a lifecycle event at all. */
    public static Optional<RobotEventKind> fromDingTalkEventType(String eventType) {
        return Arrays.stream(values())
                .filter(k -> k.dingTalkEventType != null && k.dingTalkEventType.equals(eventType))
                .findFirst();
    }

    /** Whether the event concerns a whole organisation rather than one group (then keyed by corpId). */
    public boolean orgWide() {
        return this == ORG_AUTH_REVOKED || this == ORG_AUTH_CHANGED;
    }
}
