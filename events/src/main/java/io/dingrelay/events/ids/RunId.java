package io.dingrelay.events.ids;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** DingRelay's id of one run of a campaign; with a {@link GroupId} it identifies a delivery. Serialised as a plain JSON string. */
public record RunId(@JsonValue String value) {

    public RunId {
        Ids.requireText(value, "RunId");
    }

    @JsonCreator
    public static RunId of(String value) {
        return new RunId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
