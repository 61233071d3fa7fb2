package io.dingrelay.events.robot;

import io.dingrelay.events.CloudEventTypes;
import io.dingrelay.events.ids.AppName;
import io.dingrelay.events.ids.ConversationId;
import io.dingrelay.events.ids.CorpId;
import io.dingrelay.events.ids.EventId;
import io.dingrelay.events.ids.RobotCode;
import java.time.Instant;

/**
 * A normalised group/robot lifecycle event on {@code dingtalk.robot-events}, keyed by {@link #key()}.
 *
 * @param eventId        DingTalk's eventId, or for {@link RobotEventKind#ROBOT_SEEN} one derived from the msgId
 * @param kind           what happened
 * @param app            the configured app that received it
 * @param corpId         the organisation; may be null when DingTalk does not say
 * @param conversationId the group; null for org-wide events
 * @param robotCode      the robot concerned, when known
 * @param coolAppCode    the cool app, for install/uninstall (sending then needs it)
 * @param title          the group's (new) title, when known
 * @param operator       the user who caused it, when known
 * @param occurredAt     when DingTalk says it happened (or when it was received)
 */
public record RobotEvent(
        EventId eventId,
        RobotEventKind kind,
        AppName app,
        CorpId corpId,
        ConversationId conversationId,
        RobotCode robotCode,
        String coolAppCode,
        String title,
        String operator,
        Instant occurredAt) {

    /** The record key: the group, or the organisation for org-wide events (design.md topic table). */
    public String key() {
        if (conversationId != null && !kind.orgWide()) {
            return conversationId.value();
        }
        return corpId != null ? corpId.value() : app.value();
    }

    /** The CloudEvents type of this event. */
    public String cloudEventType() {
        return CloudEventTypes.ROBOT_EVENT_PREFIX + kind.typeSuffix();
    }
}
