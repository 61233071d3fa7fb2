package io.dingrelay.events.ids;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** DingTalk's id of an event push ({@code eventId}); consumers are idempotent on it. Serialised as a plain JSON string. */
public record EventId(@JsonValue String value) {

    public EventId {
        Ids.requireText(value, "EventId");
    }

    @JsonCreator
    public static EventId of(String value) {
        return new EventId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
