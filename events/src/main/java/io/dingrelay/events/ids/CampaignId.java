package io.dingrelay.events.ids;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** DingRelay's id of a push campaign. Serialised as a plain JSON string. */
public record CampaignId(@JsonValue String value) {

    public CampaignId {
        Ids.requireText(value, "CampaignId");
    }

    @JsonCreator
    public static CampaignId of(String value) {
        return new CampaignId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
