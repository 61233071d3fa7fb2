package io.dingrelay.events.ids;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The name of a configured DingTalk app: the {@code {app}} of the gateway's paths and the {@code <name>} of {@code dingtalk.apps.<name>.*}. Serialised as a plain JSON string. */
public record AppName(@JsonValue String value) {

    public AppName {
        Ids.requireText(value, "AppName");
    }

    @JsonCreator
    public static AppName of(String value) {
        return new AppName(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
