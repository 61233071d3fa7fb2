package io.dingrelay.registry.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.dingrelay.events.ids.AppName;
import io.dingrelay.events.ids.ConversationId;
import io.dingrelay.events.ids.CorpId;
import io.dingrelay.events.ids.EventId;
import io.dingrelay.events.ids.RobotCode;
import io.dingrelay.events.registry.GroupKind;
import io.dingrelay.events.robot.RobotEvent;
import io.dingrelay.events.robot.RobotEventKind;
import io.dingrelay.registry.persistence.GroupStatus;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class GroupLifecycleTest {

    private static final Instant T = Instant.parse("2026-12-01T08:00:00Z");

    static RobotEvent event(RobotEventKind kind, int seconds) {
        return new RobotEvent(EventId.of("e" + kind + seconds), kind, AppName.of("demo"), CorpId.of("corp"),
                ConversationId.of("cid"), RobotCode.of("robot"), kind == RobotEventKind.COOL_APP_INSTALLED ? "cool" : null,
                "title " + seconds, null, T.plusSeconds(seconds));
    }

    @Test
    void installCreatesAnActiveCoolAppGroup() {
        GroupState[] created = new GroupState[1];
        assertThat(GroupLifecycle.apply(null, event(RobotEventKind.COOL_APP_INSTALLED, 0), created))
                .isEqualTo(GroupLifecycle.Result.APPLIED);
        assertThat(created[0].kind).isEqualTo(GroupKind.COOL_APP);
        assertThat(created[0].status).isEqualTo(GroupStatus.ACTIVE);
        assertThat(created[0].coolAppCode).isEqualTo("cool");
        assertThat(created[0].title).isEqualTo("title 0");
    }

    @Test
    void aLateInstallNeverResurrectsAGroupRemovedAfterIt() {
        GroupState[] created = new GroupState[1];
        GroupLifecycle.apply(null, event(RobotEventKind.COOL_APP_INSTALLED, 0), created);
        GroupState s = created[0];
        GroupLifecycle.apply(s, event(RobotEventKind.GROUP_DISBANDED, 20), created);

        assertThat(GroupLifecycle.apply(s, event(RobotEventKind.COOL_APP_INSTALLED, 10), created))
                .isEqualTo(GroupLifecycle.Result.STALE);
        assertThat(s.status).isEqualTo(GroupStatus.REMOVED);
        assertThat(s.statusReason).isEqualTo("group disbanded");
    }

    @Test
    void aRemovalBeforeTheInstallArrivesLeavesATombstone() {
        GroupState[] created = new GroupState[1];
        assertThat(GroupLifecycle.apply(null, event(RobotEventKind.GROUP_DISBANDED, 20), created))
                .isEqualTo(GroupLifecycle.Result.UNKNOWN_GROUP);
        GroupState tomb = created[0];
        assertThat(tomb.status).isEqualTo(GroupStatus.REMOVED);

        assertThat(GroupLifecycle.apply(tomb, event(RobotEventKind.COOL_APP_INSTALLED, 10), created))
                .isEqualTo(GroupLifecycle.Result.STALE);
        assertThat(tomb.status).isEqualTo(GroupStatus.REMOVED);
        // A later install (re-installed after the removal) brings it back.
        assertThat(GroupLifecycle.apply(tomb, event(RobotEventKind.COOL_APP_INSTALLED, 30), created))
                .isEqualTo(GroupLifecycle.Result.APPLIED);
        assertThat(tomb.status).isEqualTo(GroupStatus.ACTIVE);
    }

    @Test
    void renamesOfUnknownGroupsAreCountedNotCreated() {
        GroupState[] created = new GroupState[1];
        assertThat(GroupLifecycle.apply(null, event(RobotEventKind.GROUP_RENAMED, 0), created))
                .isEqualTo(GroupLifecycle.Result.UNKNOWN_GROUP);
        assertThat(created[0]).isNull();
    }

    @Test
    void aPausedGroupStaysPausedWhenTheRobotIsSeen() {
        GroupState s = new GroupState();
        s.kind = GroupKind.ENTERPRISE_ROBOT;
        s.status = GroupStatus.PAUSED;
        GroupLifecycle.apply(s, event(RobotEventKind.ROBOT_SEEN, 5), new GroupState[1]);
        assertThat(s.status).isEqualTo(GroupStatus.PAUSED);
        assertThat(s.title).isEqualTo("title 5");
    }
}
