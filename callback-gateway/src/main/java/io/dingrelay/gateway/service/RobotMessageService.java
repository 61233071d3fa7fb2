package io.dingrelay.gateway.service;

import io.dingrelay.events.chat.ChatMessage;
import io.dingrelay.gateway.config.ConfiguredApp;
import io.dingrelay.gateway.config.GatewayConfig;
import io.dingrelay.gateway.mapping.ChatMessageMapper;
import io.dingrelay.gateway.mapping.CallbackRecords;
import io.dingrelay.gateway.metrics.GatewayMetrics;
import io.dingrelay.gateway.metrics.RateLimitedLog;
import io.dingrelay.protocol.DingTalkProtocolException;
import io.dingrelay.protocol.robot.IncomingRobotMessage;
import io.dingrelay.protocol.signature.RobotCallbackVerifier;
import io.dingrelay.protocol.signature.SignatureException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * A robot message callback (dingtalk-protocol.md §3): the {@code timestamp}/{@code sign} headers verified by
 * {@code dingtalk-protocol}, the message published to {@code dingtalk.chat-messages} and, for a group the robot has
 * not been seen in lately, a {@code ROBOT_SEEN} event to {@code dingtalk.robot-events}.
 *
 * <p>DingTalk never redelivers a robot message (§6.6): a message answered 503 is lost unless the producer still
 * writes it after the answer, which is why the delivery timeout is longer than the ack timeout.
 */
@ApplicationScoped
public class RobotMessageService {

    private static final Logger LOG = Logger.getLogger(RobotMessageService.class);

    private final DurablePublisher publisher;
    private final GatewayMetrics metrics;
    private final RobotCallbackVerifier verifier;
    private final RobotSeenTracker seen;
    private final RateLimitedLog errorNotices = new RateLimitedLog(LOG, 60_000);

    RobotMessageService(DurablePublisher publisher, GatewayMetrics metrics, GatewayConfig config) {
        this.publisher = publisher;
        this.metrics = metrics;
        this.verifier = new RobotCallbackVerifier(Clock.systemUTC());
        this.seen = new RobotSeenTracker(config.robotSeen().window(), config.robotSeen().maxEntries());
    }

    /**
     * @param timestamps every {@code timestamp} header sent (exactly one is expected)
     * @param signs      every {@code sign} header sent (exactly one is expected)
     * @param body       the body as received, already checked for size and content type; its encoding is checked by
     *                   the parse (strict UTF-8, once)
     * @throws CallbackRejectedException (directly or as the Uni's failure) for anything not verifiable
     */
    public Uni<Void> accept(ConfiguredApp app, List<String> timestamps, List<String> signs, byte[] body) {
        verify(app, single(timestamps, "timestamp"), single(signs, "sign"));
        IncomingRobotMessage message = parse(body);
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
        return publisher.publishOnce(appName, Endpoint.ROBOT, chat.msgId().value(), () -> publication(app, message, chat, body, received))
                .invoke(outcome -> {
                    if (outcome == DurablePublisher.Outcome.PUBLISHED) {
                        metrics.accepted(appName, Endpoint.ROBOT, "message");
                    }
                    LOG.debugf("Robot message %s %s", chat.msgId(), outcome == DurablePublisher.Outcome.PUBLISHED ? "published" : "was a repeat");
                })
                .replaceWithVoid();
    }

    /** The message, plus ROBOT_SEEN the first time (per window) the robot is seen in the group. */
    private DurablePublisher.Publication publication(ConfiguredApp app, IncomingRobotMessage message, ChatMessage chat,
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

    private void verify(ConfiguredApp app, String timestamp, String sign) {
        try {
            verifier.verify(app.appSecret(), timestamp, sign);
        } catch (SignatureException e) {
            throw new CallbackRejectedException(switch (e.reason()) {
                case MISSING -> RejectReason.SIGNATURE_MISSING;
                case MALFORMED -> RejectReason.SIGNATURE_MALFORMED;
                case STALE -> RejectReason.SIGNATURE_STALE;
                case FUTURE -> RejectReason.SIGNATURE_FUTURE;
                case MISMATCH -> RejectReason.BAD_SIGNATURE;
            }, e.field(), e.detail());
        }
    }

    private static IncomingRobotMessage parse(byte[] body) {
        try {
            return IncomingRobotMessage.parse(body);
        } catch (DingTalkProtocolException e) {
            throw new CallbackRejectedException(RejectReason.MALFORMED_BODY, e.field(), e.detail());
        }
    }

    /** The one value of a header, null when absent; a header sent twice is ambiguous (which one was signed?). */
    private static String single(List<String> values, String header) {
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw new CallbackRejectedException(RejectReason.BAD_HEADER, header, "given " + values.size() + " times");
        }
        return values.get(0);
    }
}
