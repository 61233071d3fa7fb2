package io.dingrelay.gateway.service;

import io.dingrelay.gateway.config.ConfiguredApp;
import io.dingrelay.protocol.DingTalkProtocolException;
import io.dingrelay.protocol.robot.IncomingRobotMessage;
import io.dingrelay.protocol.signature.RobotCallbackVerifier;
import io.dingrelay.protocol.signature.SignatureException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;

/**
 * A robot message callback (dingtalk-protocol.md §3): the {@code timestamp}/{@code sign} headers verified by
 * {@code dingtalk-protocol}, then handed to {@link VerifiedCallbackPublisher}: the message published to
 * {@code dingtalk.chat-messages} and, for a group the robot has not been seen in lately, a {@code ROBOT_SEEN} event to
 * {@code dingtalk.robot-events}.
 *
 * <p>DingTalk never redelivers a robot message (§6.6): a message answered 503 is lost unless the producer still
 * writes it after the answer, which is why the delivery timeout is longer than the ack timeout.
 */
@ApplicationScoped
public class RobotMessageService {

    private final VerifiedCallbackPublisher verified;
    private final RobotCallbackVerifier verifier;

    RobotMessageService(VerifiedCallbackPublisher verified) {
        this.verified = verified;
        this.verifier = new RobotCallbackVerifier(Clock.systemUTC());
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
        return verified.robotMessage(app, parse(body), body);
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

    /** The strict parse of a robot message body (also Stream's CALLBACK data): 400 {@code malformed_body} naming the field. */
    public static IncomingRobotMessage parse(byte[] body) {
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
