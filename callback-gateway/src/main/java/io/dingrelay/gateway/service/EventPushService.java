package io.dingrelay.gateway.service;

import io.dingrelay.gateway.config.ConfiguredApp;
import io.dingrelay.gateway.metrics.GatewayMetrics;
import io.dingrelay.protocol.DingTalkProtocolException;
import io.dingrelay.protocol.callback.CallbackCryptoException;
import io.dingrelay.protocol.callback.CallbackEvent;
import io.dingrelay.protocol.callback.CallbackQuery;
import io.dingrelay.protocol.message.MalformedMessageException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * An encrypted event push (dingtalk-protocol.md §1): verified and decrypted by {@code dingtalk-protocol}, URL checks
 * answered at once, every other event handed to {@link VerifiedCallbackPublisher}: published unchanged to {@code dingtalk.events} (plus its normalised lifecycle
 * event to {@code dingtalk.robot-events}) and answered with the encrypted {@code success} once Kafka has it.
 */
@ApplicationScoped
public class EventPushService {

    private static final Logger LOG = Logger.getLogger(EventPushService.class);

    private final VerifiedCallbackPublisher verified;
    private final GatewayMetrics metrics;

    EventPushService(VerifiedCallbackPublisher verified, GatewayMetrics metrics) {
        this.verified = verified;
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
        if (event.isUrlCheck()) {
            MDC.put("eventType", event.eventType());
            // URL checks carry no business data and must pass even while Kafka is away (1.5 s deadline, §1.2).
            metrics.accepted(appName, Endpoint.EVENTS, "url_check");
            LOG.debugf("Answered URL check %s", event.eventType());
            return Uni.createFrom().item(app.crypto().successReply().toJson());
        }
        // Pushes without an eventId (legacy formats) are identified by their signature, unique per signed request.
        String id = event.eventId() != null && !event.eventId().isBlank() ? event.eventId() : "sig-" + signed.signature();
        return verified.event(app, event, id, plaintext).map(outcome -> app.crypto().successReply().toJson());
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
