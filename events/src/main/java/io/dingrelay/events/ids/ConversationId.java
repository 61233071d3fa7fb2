package io.dingrelay.events.ids;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A DingTalk group conversation id ({@code cid…}), the openConversationId; the key of chat messages and group events. Serialised as a plain JSON string. */
public record ConversationId(@JsonValue String value) {

    public ConversationId {
        Ids.requireText(value, "ConversationId");
    }

    @JsonCreator
    public static ConversationId of(String value) {
        return new ConversationId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
