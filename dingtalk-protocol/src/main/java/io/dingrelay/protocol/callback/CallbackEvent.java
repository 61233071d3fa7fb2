package io.dingrelay.protocol.callback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dingrelay.protocol.json.Json;
import io.dingrelay.protocol.message.MalformedMessageException;
import io.dingrelay.protocol.message.MalformedMessageException.Problem;
import java.time.Instant;
import java.util.Set;

/**
 * The decrypted plaintext of an HTTP event push (§1.6, §2.1), with the envelope fields every consumer
 * needs pulled out and the whole document kept in {@link #raw()}.
 *
 * <p>HTTP pushes mix spellings: the envelope is PascalCase ({@code EventType}, {@code CorpId},
 * {@code EventTime}) and the business fields camelCase, and some events repeat the type as
 * {@code eventType}. Each accessor reads the envelope spelling first, then the other.
 *
 * @param eventType          {@code EventType} or {@code eventType}; never null
 * @param eventId            {@code eventId} (or {@code EventId}), the de-duplication key; null for
 *                           URL checks and other control events, which carry none
 * @param corpId             {@code CorpId} (envelope) or {@code corpId}; may be null
 * @param openConversationId {@code openConversationId} or {@code OpenConversationId}; may be null
 * @param eventTime          {@code EventTime} or {@code eventTime} (epoch ms, number or digit string); may be null
 * @param raw                the whole parsed document; treat as read-only
 */
public record CallbackEvent(String eventType, String eventId, String corpId, String openConversationId,
                            Instant eventTime, JsonNode raw) {

    /** The URL-verification event types, all answered with the encrypted {@code success} and nothing else. */
    public static final Set<String> URL_CHECK_TYPES = Set.of("check_url", "check_create_suite_url", "check_update_suite_url");

    /**
     * Parses a decrypted push.
     *
     * @throws MalformedMessageException naming {@code body} when it is not a JSON object, {@code EventType}
     *                                   when no event type is present, or the field whose type is wrong
     */
    public static CallbackEvent parse(String json) {
        ObjectNode o = Json.readObject(json, Json.BODY);
        String eventType = firstText(o, "EventType", "eventType");
        if (eventType == null || eventType.isEmpty()) {
            throw new MalformedMessageException(Problem.MISSING_FIELD, "EventType", "is required");
        }
        Long time = Json.optLong(o, "EventTime", "EventTime");
        if (time == null) {
            time = Json.optLong(o, "eventTime", "eventTime");
        }
        return new CallbackEvent(
                eventType,
                firstText(o, "eventId", "EventId"),
                firstText(o, "CorpId", "corpId"),
                firstText(o, "openConversationId", "OpenConversationId"),
                time == null ? null : Instant.ofEpochMilli(time),
                o);
    }

    /** True for {@code check_url}, {@code check_create_suite_url} and {@code check_update_suite_url}. */
    public boolean isUrlCheck() {
        return URL_CHECK_TYPES.contains(eventType);
    }

    private static String firstText(ObjectNode o, String preferred, String alternative) {
        String v = Json.optText(o, preferred, preferred);
        return v != null ? v : Json.optText(o, alternative, alternative);
    }
}
