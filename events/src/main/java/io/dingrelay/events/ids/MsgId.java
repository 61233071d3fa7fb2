package io.dingrelay.events.ids;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** DingTalk's id of a robot message callback; chat-bridge is idempotent on it. Serialised as a plain JSON string. */
public record MsgId(@JsonValue String value) {

    public MsgId {
        Ids.requireText(value, "MsgId");
    }

    @JsonCreator
    public static MsgId of(String value) {
        return new MsgId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
