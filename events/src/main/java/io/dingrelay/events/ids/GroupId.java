package io.dingrelay.events.ids;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** DingRelay's id of a registered group (a push target). Serialised as a plain JSON string. */
public record GroupId(@JsonValue String value) {

    public GroupId {
        Ids.requireText(value, "GroupId");
    }

    @JsonCreator
    public static GroupId of(String value) {
        return new GroupId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
