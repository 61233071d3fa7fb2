package io.dingrelay.gateway.service;

import io.dingrelay.events.chat.ChatMessage;
import io.dingrelay.events.robot.RobotEvent;
import io.dingrelay.gateway.config.ConfiguredApp;
import io.dingrelay.gateway.config.GatewayConfig;
import io.dingrelay.gateway.mapping.CallbackRecords;
import io.dingrelay.gateway.mapping.ChatMessageMapper;
import io.dingrelay.gateway.mapping.RobotEventMapper;
import io.dingrelay.gateway.metrics.GatewayMetrics;
import io.dingrelay.gateway.metrics.RateLimitedLog;
import io.dingrelay.protocol.callback.CallbackEvent;
import io.dingrelay.protocol.robot.IncomingRobotMessage;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * The one path from a verified DingTalk message to its records, shared by both ingresses: the HTTP callbacks (after
 * their signature and encryption are checked) and Stream mode (whose socket DingTalk authenticated with the app's
 * clientSecret). Same topics, keys, CloudEvents headers, de-duplication and "durable before acknowledged" for both:
 * an id published over one ingress is a repeat over the other.
 */
@ApplicationScoped
public class VerifiedCallbackPublisher {

    private static final Logger LOG = Logger.getLogger(VerifiedCallbackPublisher.class);

    private final DurablePublisher publisher;
    private final GatewayMetrics metrics;
    private final RobotSeenTracker seen;
    private final RateLimitedLog errorNotices = new RateLimitedLog(LOG, 60_000);

    VerifiedCallbackPublisher(DurablePublisher publisher, GatewayMetrics metrics, GatewayConfig config) {
        this.publisher = publisher;
        this.metrics = metrics;
        this.seen = new RobotSeenTracker(config.robotSeen().window(), config.robotSeen().maxEntries());
    }

    /**
     * An event (not a URL check): published unchanged to {@code dingtalk.events}, plus its normalised lifecycle
     * event to {@code dingtalk.robot-events}; completes once Kafka has them, or fails with
     * {@link io.dingrelay.gateway.messaging.NotDurableException}.
     *
     * @param id        the de-duplication key and {@code ce_id}: the eventId (or a stand-in for legacy pushes)
     * @param plaintext the event as the record's value: the HTTP push's decrypted JSON (the flat shape)
     */
    public Uni<DurablePublisher.Outcome> event(ConfiguredApp app, CallbackEvent event, String id, String plaintext) {
        String appName = app.name().value();
        MDC.put("eventType", event.eventType());
        MDC.put("eventId", id);
        return publisher.publishOnce(appName, Endpoint.EVENTS, id,
                        () -> DurablePublisher.Publication.of(eventRecords(app, event, id, plaintext)))
                .invoke(outcome -> {
                    if (outcome == DurablePublisher.Outcome.PUBLISHED) {
                        metrics.accepted(appName, Endpoint.EVENTS, "event");
                    }
                    LOG.debugf("Event %s %s (%s)", id, outcome == DurablePublisher.Outcome.PUBLISHED ? "published" : "was a repeat",
                            event.eventType());
                });
    }

    /**
     * A robot message: a {@code ChatMessage} on {@code dingtalk.chat-messages} (plus ROBOT_SEEN the first time the
     * robot is seen in a group); an error notice sent instead of a message is counted and logged, nothing published.
     *
     * @param body the message as DingTalk sent it (the record embeds these bytes)
     */
    public Uni<Void> robotMessage(ConfiguredApp app, IncomingRobotMessage message, byte[] body) {
        String appName = app.name().value();
        if (message.errorCode() != null) {
            // Sent instead of a message, e.g. 20001 when the organisation's quota is used up (§3.2): nothing to relay.
            metrics.accepted(appName, Endpoint.ROBOT, "error_notice");
            errorNotices.warn("DingTalk sent a robot error callback instead of a message: errorCode " + message.errorCode()
                    + (message.isQuotaExceeded() ? " (the organisation's robot message quota is used up)" : ""));
            return Uni.createFrom().voidItem();
        }
        Instant received = Instant.now();
        // The record carries the body as received, written verbatim (no second serialisation of the parsed tree).
        ChatMessage chat = ChatMessageMapper.toChatMessage(message, app.name(), received, null);
        MDC.put("msgId", chat.msgId().value());
        return publisher.publishOnce(appName, Endpoint.ROBOT, chat.msgId().value(), () -> robotPublication(app, message, chat, body, received))
                .invoke(outcome -> {
                    if (outcome == DurablePublisher.Outcome.PUBLISHED) {
                        metrics.accepted(appName, Endpoint.ROBOT, "message");
                    }
                    LOG.debugf("Robot message %s %s", chat.msgId(), outcome == DurablePublisher.Outcome.PUBLISHED ? "published" : "was a repeat");
                })
                .replaceWithVoid();
    }

    /** The raw event for the audit log and, for lifecycle events, its normalised form for the registry. */
    private static List<ProducerRecord<String, byte[]>> eventRecords(ConfiguredApp app, CallbackEvent event, String id,
            String plaintext) {
        Instant now = Instant.now();
        String key = event.corpId() != null && !event.corpId().isBlank() ? event.corpId() : app.name().value();
        Instant time = event.eventTime() != null ? event.eventTime() : now;
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(2);
        records.add(CallbackRecords.dingTalkEvent(app.cloudEventSource(), id, event.eventType(), key, time, plaintext));
        Optional<RobotEvent> lifecycle = RobotEventMapper.map(event, id, app.name(), now);
        lifecycle.ifPresent(e -> records.add(CallbackRecords.robotEvent(app.cloudEventSource(), e)));
        return records;
    }

    /** The message, plus ROBOT_SEEN the first time (per window) the robot is seen in the group. */
    private DurablePublisher.Publication robotPublication(ConfiguredApp app, IncomingRobotMessage message, ChatMessage chat,
            byte[] raw, Instant received) {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(2);
        records.add(CallbackRecords.chatMessage(app.cloudEventSource(), chat, raw));
        String group = app.name().value() + '\u0000' + chat.conversationId().value();
        if (message.isGroup() && seen.shouldAnnounce(group)) {
            records.add(CallbackRecords.robotEvent(app.cloudEventSource(),
                    ChatMessageMapper.robotSeen(message, chat, app.name(), received)));
            return new DurablePublisher.Publication(records, failure -> seen.settle(group, failure == null));
        }
        return DurablePublisher.Publication.of(records);
    }
}
