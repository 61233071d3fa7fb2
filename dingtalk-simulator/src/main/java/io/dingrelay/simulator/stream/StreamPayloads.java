package io.dingrelay.simulator.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dingrelay.simulator.callback.AppKeys;
import io.dingrelay.simulator.callback.CallbackPayloads;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The frames of robot messages and events (dingtalk-protocol.md §2.1, §6.3): a robot message is a CALLBACK on
 * {@code /v1.0/im/bot/messages/get} whose data is the §3.2 body; an event is an EVENT whose headers carry the
 * envelope ({@code eventType}, {@code eventId}, {@code eventCorpId}, {@code eventBornTime}, {@code eventUnifiedAppId})
 * and whose data holds only the business fields. Both are built from the same {@link CallbackPayloads} as the HTTP
 * callbacks, so the two ingresses see the same content.
 */
public final class StreamPayloads {

    private StreamPayloads() {
    }

    /** A robot message frame for each messageId. */
    public static Function<String, String> robotMessage(ObjectNode body) {
        String data = body.toString();
        return id -> StreamFrames.frame(StreamFrames.CALLBACK, StreamFrames.ROBOT_TOPIC, id, null, data);
    }

    /** An event: its eventId and its frame for each messageId. */
    public record Event(String eventId, String eventType, ObjectNode data, Function<String, String> frame) {
    }

    /** The HTTP-push plaintext of {@link CallbackPayloads#event} split into Stream headers and data. */
    public static Event event(AppKeys app, String type, CallbackPayloads.EventContext ctx, long nowMillis,
                              Map<String, JsonNode> extra) {
        ObjectNode flat = CallbackPayloads.event(type, ctx, nowMillis, extra);
        String eventId = flat.path("eventId").asText();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("eventType", type);
        headers.put("eventId", eventId);
        headers.put("eventCorpId", flat.path("CorpId").asText(ctx.corpId()));
        headers.put("eventBornTime", flat.path("EventTime").asText(Long.toString(nowMillis)));
        headers.put("eventUnifiedAppId", app.appKey());
        for (String envelope : new String[] {"EventType", "EventTime", "CorpId", "BizId", "eventId"}) {
            flat.remove(envelope);
        }
        String data = flat.toString();
        return new Event(eventId, type, flat, id -> StreamFrames.frame(StreamFrames.EVENT, type, id, headers, data));
    }
}
