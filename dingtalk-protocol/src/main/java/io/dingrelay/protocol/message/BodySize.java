package io.dingrelay.protocol.message;

import io.dingrelay.protocol.DingTalkLimits;
import io.dingrelay.protocol.message.MalformedMessageException.Problem;
import java.nio.charset.StandardCharsets;

/**
 * DingTalk's size limits, measured in UTF-8 bytes of the exact body sent (one Chinese character is
 * 3 bytes, an emoji 4): {@value DingTalkLimits#WEBHOOK_BODY_MAX_BYTES} for a webhook body,
 * {@value DingTalkLimits#OPENAPI_MSG_PARAM_MAX_BYTES} for an OpenAPI {@code msgParam}.
 */
public final class BodySize {

    private BodySize() {
    }

    /** @throws MessageTooLargeException naming {@code body} when over 20,000 bytes */
    public static void check(byte[] body) {
        if (body == null) {
            throw new MalformedMessageException(Problem.NOT_JSON, "body", "is missing");
        }
        if (body.length > DingTalkLimits.WEBHOOK_BODY_MAX_BYTES) {
            throw new MessageTooLargeException("body", body.length, DingTalkLimits.WEBHOOK_BODY_MAX_BYTES);
        }
    }

    /** Checks the body {@link MessageCodec#toJsonBytes} would produce. */
    public static void check(RobotMessage message) {
        check(MessageCodec.toJsonBytes(message));
    }

    /** The UTF-8 size of the body {@link MessageCodec#toJsonBytes} would produce. */
    public static int measure(RobotMessage message) {
        return MessageCodec.toJsonBytes(message).length;
    }

    /** @throws MessageTooLargeException naming {@code msgParam} when its UTF-8 form is over 15,000 bytes */
    public static void checkMsgParam(String msgParam) {
        if (msgParam == null) {
            throw new MalformedMessageException(Problem.MISSING_FIELD, "msgParam", "is missing");
        }
        int bytes = msgParam.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > DingTalkLimits.OPENAPI_MSG_PARAM_MAX_BYTES) {
            throw new MessageTooLargeException("msgParam", bytes, DingTalkLimits.OPENAPI_MSG_PARAM_MAX_BYTES);
        }
    }
}
