package io.dingrelay.protocol.message;

/**
 * {@code {"msgtype":"text","text":{"content":…},"at":{…}}}.
 *
 * @param content the text; required
 * @param at      whom to @, or null
 * @param msgUuid idempotency key, or null
 */
public record TextMessage(String content, At at, String msgUuid) implements RobotMessage {

    public static final String MSGTYPE = "text";

    public TextMessage {
        content = Validation.required(content, "text.content");
        msgUuid = Validation.optional(msgUuid, "msgUuid");
    }

    public static TextMessage of(String content) {
        return new TextMessage(content, null, null);
    }

    public static TextMessage of(String content, At at) {
        return new TextMessage(content, at, null);
    }

    @Override
    public String msgtype() {
        return MSGTYPE;
    }

    @Override
    public TextMessage withMsgUuid(String msgUuid) {
        return new TextMessage(content, at, msgUuid);
    }
}
