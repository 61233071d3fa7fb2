package io.dingrelay.gateway.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dingrelay.events.EventJson;
import io.dingrelay.gateway.config.ConfiguredApp;
import io.dingrelay.gateway.config.GatewayConfig;
import io.dingrelay.gateway.messaging.NotDurableException;
import io.dingrelay.gateway.metrics.RateLimitedLog;
import io.dingrelay.gateway.service.CallbackRejectedException;
import io.dingrelay.gateway.service.RobotMessageService;
import io.dingrelay.gateway.service.VerifiedCallbackPublisher;
import io.dingrelay.protocol.callback.CallbackEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * One downstream Stream frame → its ACK (dingtalk-protocol.md §6.3, §6.4), through the same
 * {@link VerifiedCallbackPublisher} as the HTTP callbacks:
 * <ul>
 *   <li>EVENT: published, then ACKed {@code SUCCESS} once Kafka acknowledged it ({@code acks=all}), {@code LATER}
 *       when it did not within {@code gateway.durability.ack-timeout} (DingTalk redelivers);</li>
 *   <li>CALLBACK {@code /v1.0/im/bot/messages/get}: the robot message published, then ACKed 200
 *       {@code {"response":null}} (500 when Kafka did not take it; DingTalk never redelivers a robot message, §6.6);
 *       any other CALLBACK topic 404 (topic not supported, §6.4);</li>
 *   <li>SYSTEM {@code ping}: its data echoed with 200; {@code disconnect}: ACKed 200, and the connection is replaced;</li>
 *   <li>a frame that is not a valid frame, or whose data is not a valid message or event: 400 (nothing published),
 *       or no ACK at all when not even its messageId can be read; larger than {@code gateway.stream.max-frame-bytes}:
 *       400 without being parsed further.</li>
 * </ul>
 */
@ApplicationScoped
public class StreamFrameHandler {

    private static final Logger LOG = Logger.getLogger(StreamFrameHandler.class);

    /** The ACK to write, and what the connection must do afterwards. */
    record Reply(String ack, boolean disconnect) {
    }

    private final VerifiedCallbackPublisher verified;
    private final StreamMetrics metrics;
    private final int maxFrameBytes;
    private final RateLimitedLog laterLog = new RateLimitedLog(LOG, 5_000);
    private final RateLimitedLog malformedLog = new RateLimitedLog(LOG, 5_000);

    StreamFrameHandler(VerifiedCallbackPublisher verified, StreamMetrics metrics, GatewayConfig config) {
        this.verified = verified;
        this.metrics = metrics;
        this.maxFrameBytes = config.stream().maxFrameBytes();
    }

    /** @return the ACK, or a null item when the frame cannot be answered (no readable messageId) */
    Uni<Reply> handle(ConfiguredApp app, String text) {
        String appName = app.name().value();
        MDC.put("app", appName);
        MDC.put("endpoint", "stream");
        if (text.length() > maxFrameBytes / 3 && text.getBytes(StandardCharsets.UTF_8).length > maxFrameBytes) {
            metrics.frame(appName, "too_large");
            return Uni.createFrom().item(tooLarge(appName, text));
        }
        StreamFrame frame;
        try {
            frame = StreamFrame.parse(text);
        } catch (StreamFrame.MalformedFrameException e) {
            metrics.frame(appName, "malformed");
            malformedLog.warn("Stream frame of app " + appName + " refused: " + e.getMessage());
            return Uni.createFrom().item(e.messageId() == null ? null
                    : reply(appName, "malformed", e.messageId(), 400, "bad frame: " + e.getMessage(), null));
        }
        MDC.put("messageId", frame.messageId());
        return switch (frame.type()) {
            case StreamFrame.EVENT -> event(app, frame);
            case StreamFrame.CALLBACK -> callback(app, frame);
            case StreamFrame.SYSTEM -> Uni.createFrom().item(system(appName, frame));
            default -> {
                metrics.frame(appName, "unknown");
                yield Uni.createFrom().item(reply(appName, "unknown", frame.messageId(), 404, "type not supported", null));
            }
        };
    }

    private Uni<Reply> event(ConfiguredApp app, StreamFrame frame) {
        String appName = app.name().value();
        metrics.frame(appName, "event");
        CallbackEvent event;
        String plaintext;
        try {
            ObjectNode flat = flatEvent(frame);
            event = new CallbackEvent(text(flat, "EventType"), text(flat, "eventId"), text(flat, "CorpId"),
                    openConversationId(flat), eventTime(flat), flat);
            plaintext = flat.toString();
        } catch (IllegalArgumentException e) {
            malformedLog.warn("Stream event of app " + appName + " refused: " + e.getMessage());
            return Uni.createFrom().item(reply(appName, "event", frame.messageId(), 400, "bad event: " + e.getMessage(), null));
        }
        CallbackEvent verifiedEvent = event;
        String value = plaintext;
        return Uni.createFrom().deferred(() -> verified.event(app, verifiedEvent, verifiedEvent.eventId(), value))
                .map(outcome -> reply(appName, "event", frame.messageId(), 200, "OK", StreamAcks.EVENT_SUCCESS))
                .onFailure(NotDurableException.class).recoverWithItem(failure -> {
                    laterLog.warn("Answered LATER to Stream events: " + failure.getMessage());
                    return reply(appName, "event", frame.messageId(), 200, "OK", StreamAcks.EVENT_LATER);
                })
                .onFailure().recoverWithItem(failure -> internal(appName, "event", frame, failure));
    }

    private Uni<Reply> callback(ConfiguredApp app, StreamFrame frame) {
        String appName = app.name().value();
        if (!StreamFrame.ROBOT_TOPIC.equals(frame.topic())) {
            metrics.frame(appName, "callback");
            return Uni.createFrom().item(reply(appName, "callback", frame.messageId(), 404, "topic not supported", null));
        }
        metrics.frame(appName, "callback");
        if (frame.data() == null) {
            return Uni.createFrom().item(reply(appName, "callback", frame.messageId(), 400, "bad message: no data", null));
        }
        byte[] body = frame.data().getBytes(StandardCharsets.UTF_8);
        return Uni.createFrom().deferred(() -> verified.robotMessage(app, RobotMessageService.parse(body), body))
                .map(v -> reply(appName, "callback", frame.messageId(), 200, "OK", StreamAcks.CALLBACK_EMPTY))
                .onFailure(CallbackRejectedException.class).recoverWithItem(failure -> {
                    malformedLog.warn("Stream robot message of app " + appName + " refused: " + failure.getMessage());
                    return reply(appName, "callback", frame.messageId(), 400, "bad message: " + failure.getMessage(), null);
                })
                .onFailure(NotDurableException.class).recoverWithItem(failure -> {
                    laterLog.warn("A Stream robot message could not be made durable (DingTalk does not redeliver it; the"
                            + " producer keeps trying until delivery.timeout): " + failure.getMessage());
                    return reply(appName, "callback", frame.messageId(), 500, "not durable", null);
                })
                .onFailure().recoverWithItem(failure -> internal(appName, "callback", frame, failure));
    }

    private Reply system(String appName, StreamFrame frame) {
        metrics.frame(appName, "system");
        return switch (frame.topic()) {
            case StreamFrame.PING -> reply(appName, "system", frame.messageId(), 200, "OK", frame.data());
            case StreamFrame.DISCONNECT -> {
                // ACK first, then connect anew; closing inside the handler would make DingTalk retry the command (§6.4).
                LOG.infof("DingTalk asked app %s's Stream connection to reconnect (%s)", appName, frame.data());
                Reply r = reply(appName, "system", frame.messageId(), 200, "OK", frame.data());
                yield new Reply(r.ack(), true);
            }
            default -> reply(appName, "system", frame.messageId(), 404, "topic not supported", null);
        };
    }

    /**
     * The Stream event in the HTTP push's flat shape (§2.1): the envelope from the headers ({@code EventType},
     * {@code EventTime}, {@code CorpId}, {@code eventId}) then the business fields of {@code data}, so the record on
     * {@code dingtalk.events} reads the same whichever way the event came.
     */
    static ObjectNode flatEvent(StreamFrame frame) {
        String type = frame.header("eventType");
        String id = frame.header("eventId");
        if (type == null || type.isEmpty()) {
            throw new IllegalArgumentException("no headers.eventType");
        }
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("no headers.eventId");
        }
        JsonNode data;
        try {
            data = frame.data() == null ? EventJson.mapper().createObjectNode() : EventJson.mapper().readTree(frame.data());
        } catch (Exception e) {
            throw new IllegalArgumentException("data is not JSON");
        }
        if (data == null || !data.isObject()) {
            throw new IllegalArgumentException("data is not a JSON object");
        }
        ObjectNode flat = EventJson.mapper().createObjectNode();
        flat.put("EventType", type);
        String born = frame.header("eventBornTime");
        if (born != null && born.matches("\\d{1,19}")) {
            flat.put("EventTime", Long.parseLong(born));
        }
        String corp = frame.header("eventCorpId");
        if (corp != null && !corp.isEmpty()) {
            flat.put("CorpId", corp);
        }
        flat.put("eventId", id);
        for (Iterator<Map.Entry<String, JsonNode>> it = data.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!flat.has(e.getKey())) {
                flat.set(e.getKey(), e.getValue());
            }
        }
        return flat;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.isTextual() ? v.textValue() : null;
    }

    private static String openConversationId(ObjectNode flat) {
        String v = text(flat, "openConversationId");
        return v != null ? v : text(flat, "OpenConversationId");
    }

    private static Instant eventTime(ObjectNode flat) {
        JsonNode t = flat.get("EventTime");
        return t != null && t.canConvertToLong() ? Instant.ofEpochMilli(t.longValue()) : null;
    }

    private Reply tooLarge(String appName, String text) {
        // Still answered when its messageId can be read, so DingTalk does not wait on it (or retry it) forever.
        try {
            StreamFrame f = StreamFrame.parse(text);
            return reply(appName, "too_large", f.messageId(), 400, "frame larger than " + maxFrameBytes + " bytes", null);
        } catch (StreamFrame.MalformedFrameException e) {
            return null;
        }
    }

    private Reply internal(String appName, String type, StreamFrame frame, Throwable failure) {
        LOG.errorf(failure, "Unexpected failure handling a Stream %s frame", type);
        return reply(appName, type, frame.messageId(), 500, "internal error", null);
    }

    private Reply reply(String appName, String type, String messageId, int code, String message, String data) {
        metrics.ack(appName, type, ackStatus(code, data));
        return new Reply(StreamAcks.ack(messageId, code, message, data), false);
    }

    private static String ackStatus(int code, String data) {
        if (code == 200) {
            if (StreamAcks.EVENT_SUCCESS.equals(data)) {
                return "success";
            }
            return StreamAcks.EVENT_LATER.equals(data) ? "later" : "ok";
        }
        return switch (code) {
            case 400 -> "bad_request";
            case 404 -> "not_found";
            default -> "error";
        };
    }
}
