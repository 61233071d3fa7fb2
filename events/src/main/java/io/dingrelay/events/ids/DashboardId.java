package io.dingrelay.events.ids;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** DingRelay's id of a chart dashboard rendered by screenshot-worker. Serialised as a plain JSON string. */
public record DashboardId(@JsonValue String value) {

    public DashboardId {
        Ids.requireText(value, "DashboardId");
    }

    @JsonCreator
    public static DashboardId of(String value) {
        return new DashboardId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
