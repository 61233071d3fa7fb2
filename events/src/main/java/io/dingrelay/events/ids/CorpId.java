package io.dingrelay.events.ids;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A DingTalk organisation id ({@code ding…}); the key of {@code dingtalk.events}. Serialised as a plain JSON string. */
public record CorpId(@JsonValue String value) {

    public CorpId {
        Ids.requireText(value, "CorpId");
    }

    @JsonCreator
    public static CorpId of(String value) {
        return new CorpId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
