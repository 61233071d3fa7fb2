package io.dingrelay.gateway.service;

import io.dingrelay.events.robot.RobotEvent;
import io.dingrelay.gateway.config.ConfiguredApp;
import io.dingrelay.gateway.mapping.CallbackRecords;
import io.dingrelay.gateway.mapping.RobotEventMapper;
import io.dingrelay.gateway.metrics.GatewayMetrics;
import io.dingrelay.protocol.DingTalkProtocolException;
import io.dingrelay.protocol.callback.CallbackCryptoException;
import io.dingrelay.protocol.callback.CallbackEvent;
import io.dingrelay.protocol.callback.CallbackQuery;
import io.dingrelay.protocol.message.MalformedMessageException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * An encrypted event push (dingtalk-protocol.md §1): verified and decrypted by {@code dingtalk-protocol}, URL checks
 * answered at once, every other event published unchanged to {@code dingtalk.events} (plus its normalised lifecycle
 * event to {@code dingtalk.robot-events}) and answered with the encrypted {@code success} once Kafka has it.
 */
@ApplicationScoped
public class EventPushService {

    private static final Logger LOG = Logger.getLogger(EventPushService.class);

    private final DurablePublisher publisher;
    private final GatewayMetrics metrics;

    EventPushService(DurablePublisher publisher, GatewayMetrics metrics) {
        this.publisher = publisher;
        this.metrics = metrics;
    }

    /**
     * @param query the decoded query parameters
     * @param body  the request body, already checked for size and content type
     * @return the encrypted {@code success} reply (JSON) once the event is durable
     * @throws CallbackRejectedException (directly or as the Uni's failure) for anything not verifiable
     */
    public Uni<String> accept(ConfiguredApp app, Map<String, List<String>> query, String body) {
        CallbackQuery signed = query(query);
        String plaintext = decrypt(app, signed, body);
        CallbackEvent event = parse(plaintext);
        String appName = app.name().value();
        MDC.put("eventType", event.eventType());
        if (event.isUrlCheck()) {
            // URL checks carry no business data and must pass even while Kafka is away (1.5 s deadline, §1.2).
            metrics.accepted(appName, Endpoint.EVENTS, "url_check");
            LOG.debugf("Answered URL check %s", event.eventType());
            return Uni.createFrom().item(app.crypto().successReply().toJson());
        }
        // Pushes without an eventId (legacy formats) are identified by their signature, unique per signed request.
        String id = event.eventId() != null && !event.eventId().isBlank() ? event.eventId() : "sig-" + signed.signature();
        MDC.put("eventId", id);
        return publisher.publishOnce(appName, Endpoint.EVENTS, id,
                        () -> DurablePublisher.Publication.of(records(app, event, id, plaintext)))
                .map(outcome -> {
                    if (outcome == DurablePublisher.Outcome.PUBLISHED) {
                        metrics.accepted(appName, Endpoint.EVENTS, "event");
                    }
                    LOG.debugf("Event %s %s (%s)", id, outcome == DurablePublisher.Outcome.PUBLISHED ? "published" : "was a repeat", event.eventType());
                    return app.crypto().successReply().toJson();
                });
    }

    /** The raw event for the audit log and, for lifecycle events, its normalised form for the registry. */
    private static List<ProducerRecord<String, byte[]>> records(ConfiguredApp app, CallbackEvent event, String id,
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

    /**
     * A push without its signature, timestamp or nonce is unauthenticated (401, like a robot callback without its
     * {@code sign}); one giving a parameter twice with different values is ambiguous (400): which one was signed?
     */
    private static CallbackQuery query(Map<String, List<String>> query) {
        try {
            return CallbackQuery.from(query);
        } catch (CallbackCryptoException e) {
            RejectReason reason = e.reason() == CallbackCryptoException.Reason.MISSING
                    ? RejectReason.SIGNATURE_MISSING : RejectReason.BAD_QUERY;
            throw new CallbackRejectedException(reason, e.field(), e.detail());
        }
    }

    private static String decrypt(ConfiguredApp app, CallbackQuery query, String body) {
        try {
            return app.crypto().decryptBody(query, body);
        } catch (MalformedMessageException e) {
            throw new CallbackRejectedException(RejectReason.MALFORMED_BODY, e.field(), e.detail());
        } catch (CallbackCryptoException e) {
            throw new CallbackRejectedException(reasonOf(e), e.field(), e.detail());
        } catch (DingTalkProtocolException e) {
            throw new CallbackRejectedException(RejectReason.MALFORMED_BODY, e.field(), e.detail());
        }
    }

    /** DingTalk's 9000xx codes (§1.7) as answers: who is at fault and whether it is about proof or form. */
    static RejectReason reasonOf(CallbackCryptoException e) {
        return switch (e.error()) {
            case COMPUTE_SIGNATURE_ERROR, SIGNATURE_NOT_MATCH -> RejectReason.BAD_SIGNATURE;
            case COMPUTE_DECRYPT_TEXT_CORPID_ERROR -> RejectReason.WRONG_RECEIVER;
            case ENCRYPTION_TIMESTAMP_ILLEGAL, ENCRYPTION_NONCE_ILLEGAL -> RejectReason.BAD_QUERY;
            case COMPUTE_DECRYPT_TEXT_ERROR, COMPUTE_DECRYPT_TEXT_LENGTH_ERROR -> RejectReason.BAD_CIPHERTEXT;
            default -> RejectReason.MALFORMED_BODY;
        };
    }

    private static CallbackEvent parse(String plaintext) {
        try {
            return CallbackEvent.parse(plaintext);
        } catch (DingTalkProtocolException e) {
            throw new CallbackRejectedException(RejectReason.MALFORMED_EVENT, e.field(), e.detail());
        }
    }
}
