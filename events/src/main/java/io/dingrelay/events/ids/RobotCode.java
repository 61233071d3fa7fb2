package io.dingrelay.events.ids;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** An enterprise or ISV robot's code (absent for custom robots). Serialised as a plain JSON string. */
public record RobotCode(@JsonValue String value) {

    public RobotCode {
        Ids.requireText(value, "RobotCode");
    }

    @JsonCreator
    public static RobotCode of(String value) {
        return new RobotCode(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
