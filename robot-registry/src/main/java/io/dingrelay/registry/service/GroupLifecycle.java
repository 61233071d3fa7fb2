package io.dingrelay.registry.service;

import io.dingrelay.events.registry.GroupKind;
import io.dingrelay.events.robot.RobotEvent;
import io.dingrelay.registry.persistence.GroupStatus;

/**
 * What one robot event does to one group, as a pure function (tested without a database).
 *
 * <p>Ordering rule: per group, the event with the latest DingTalk time wins. An event older than the last one
 * applied changes nothing (a late "installed" never resurrects a group removed after it). A removal for a group
 * never seen leaves a REMOVED tombstone carrying its time, so an older install arriving after it stays removed.
 */
public final class GroupLifecycle {

    /** What became of an event. */
    public enum Result { APPLIED, STALE, UNKNOWN_GROUP, IGNORED }

    private GroupLifecycle() {
    }

    /**
     * Applies {@code e} (a per-group kind, validated) to {@code state}; {@code state} is null when the group is not
     * known, in which case a new state is returned through {@code created[0]} when the event creates one.
     */
    public static Result apply(GroupState state, RobotEvent e, GroupState[] created) {
        if (state != null && state.lastEventAt != null && e.occurredAt().isBefore(state.lastEventAt)) {
            return Result.STALE;
        }
        switch (e.kind()) {
            case COOL_APP_INSTALLED, ROBOT_SEEN -> {
                GroupKind kind = e.kind() == io.dingrelay.events.robot.RobotEventKind.COOL_APP_INSTALLED
                        ? GroupKind.COOL_APP : GroupKind.ENTERPRISE_ROBOT;
                GroupState s = state != null ? state : fresh(e, kind, created);
                if (kind == GroupKind.COOL_APP || s.kind == null) {
                    // A cool app install makes the group a COOL_APP group; a robot seen keeps a cool app's kind.
                    s.kind = kind;
                }
                if (e.coolAppCode() != null) {
                    s.coolAppCode = e.coolAppCode();
                }
                if (e.robotCode() != null) {
                    s.robotCode = e.robotCode().value();
                }
                if (e.title() != null) {
                    s.title = e.title();
                }
                if (e.corpId() != null) {
                    s.corpId = e.corpId().value();
                }
                if (s.status == null || s.status == GroupStatus.REMOVED || s.status == GroupStatus.DISABLED) {
                    // Installed again (or seen working) after being removed or disabled: reachable again.
                    s.status = GroupStatus.ACTIVE;
                    s.statusReason = null;
                }
                return touched(s, e);
            }
            case COOL_APP_UNINSTALLED, GROUP_DISBANDED -> {
                String reason = e.kind() == io.dingrelay.events.robot.RobotEventKind.GROUP_DISBANDED
                        ? "group disbanded" : "cool app uninstalled";
                if (state == null) {
                    GroupState tomb = fresh(e, e.kind() == io.dingrelay.events.robot.RobotEventKind.COOL_APP_UNINSTALLED
                            ? GroupKind.COOL_APP : GroupKind.ENTERPRISE_ROBOT, created);
                    tomb.status = GroupStatus.REMOVED;
                    tomb.statusReason = reason;
                    touched(tomb, e);
                    return Result.UNKNOWN_GROUP;
                }
                state.status = GroupStatus.REMOVED;
                state.statusReason = reason;
                return touched(state, e);
            }
            case GROUP_RENAMED -> {
                if (state == null) {
                    return Result.UNKNOWN_GROUP;
                }
                if (e.title() != null) {
                    state.title = e.title();
                }
                return touched(state, e);
            }
            default -> {
                // Owner changed, member quit: nothing the registry keeps depends on them.
                return state == null ? Result.UNKNOWN_GROUP : Result.IGNORED;
            }
        }
    }

    private static GroupState fresh(RobotEvent e, GroupKind kind, GroupState[] created) {
        GroupState s = new GroupState();
        s.id = GroupIds.next().value();
        s.isNew = true;
        s.kind = kind;
        s.app = e.app().value();
        s.openConversationId = e.conversationId().value();
        created[0] = s;
        return s;
    }

    private static Result touched(GroupState s, RobotEvent e) {
        s.lastEventAt = e.occurredAt();
        s.changed = true;
        return Result.APPLIED;
    }
}
