package io.dingrelay.gateway.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import io.dingrelay.events.ids.AppName;
import io.dingrelay.events.ids.ConversationId;
import io.dingrelay.events.ids.CorpId;
import io.dingrelay.events.ids.EventId;
import io.dingrelay.events.ids.RobotCode;
import io.dingrelay.events.robot.RobotEvent;
import io.dingrelay.events.robot.RobotEventKind;
import io.dingrelay.protocol.callback.CallbackEvent;
import java.time.Instant;
import java.util.Optional;

/**
 * Normalises the group and robot lifecycle pushes (dingtalk-protocol.md §2.2) to {@link RobotEvent}s for the
 * registry. Other event types are not lifecycle events and map to nothing (they still go to {@code dingtalk.events}).
 *
 * <p>HTTP pushes mix PascalCase envelope fields and camelCase business fields (§2.1); each field is read in both
 * spellings. {@link CallbackEvent} already resolves the envelope (type, id, corpId, openConversationId, time); the
 * business fields below are read from its raw document.
 */
public final class RobotEventMapper {

    private RobotEventMapper() {
    }

    /**
     * @param event    the parsed push
     * @param id       the id to publish under: the push's eventId, or the fallback the caller derived when it has none
     * @param app      the app that received it
     * @param received when the gateway accepted it (used when DingTalk gives no time)
     */
    public static Optional<RobotEvent> map(CallbackEvent event, String id, AppName app, Instant received) {
        Optional<RobotEventKind> kind = RobotEventKind.fromDingTalkEventType(event.eventType());
        if (kind.isEmpty()) {
            return Optional.empty();
        }
        JsonNode raw = event.raw();
        String corpId = first(event.corpId(), text(raw, "openConversationCorpId", "OpenConversationCorpId"),
                text(raw, "authCorpId", "AuthCorpId"));
        return Optional.of(new RobotEvent(
                EventId.of(id),
                kind.get(),
                app,
                corpId == null ? null : CorpId.of(corpId),
                event.openConversationId() == null || event.openConversationId().isBlank()
                        ? null : ConversationId.of(event.openConversationId()),
                optional(text(raw, "robotCode", "RobotCode")).map(RobotCode::of).orElse(null),
                text(raw, "coolAppCode", "CoolAppCode"),
                text(raw, "title", "Title"),
                text(raw, "operator", "Operator"),
                occurredAt(event, raw, received)));
    }

    /** DingTalk's time of the occurrence: EventTime, else the business timestamp of the event, else receipt. */
    private static Instant occurredAt(CallbackEvent event, JsonNode raw, Instant received) {
        if (event.eventTime() != null) {
            return event.eventTime();
        }
        for (String field : new String[] {"operateTime", "timeStamp", "TimeStamp", "changedTimeStamp"}) {
            JsonNode n = raw.get(field);
            if (n != null && (n.isIntegralNumber() || (n.isTextual() && n.asText().matches("\\d{10,16}")))) {
                long ms = n.asLong();
                if (ms > 0) {
                    return Instant.ofEpochMilli(ms);
                }
            }
        }
        return received;
    }

    private static String text(JsonNode raw, String name, String alternative) {
        for (String n : new String[] {name, alternative}) {
            JsonNode v = raw.get(n);
            if (v != null && (v.isTextual() || v.isNumber()) && !v.asText().isBlank()) {
                return v.asText();
            }
        }
        return null;
    }

    private static String first(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }

    private static Optional<String> optional(String s) {
        return Optional.ofNullable(s);
    }
}
