package io.dingrelay.protocol.message;

/**
 * {@code {"msgtype":"empty"}}: the synchronous answer to a robot callback that sends nothing
 * (D-MSGTYPE). Only valid as that answer; webhooks reject it (see {@link MessageCodec#parseWebhookBody}).
 */
public record EmptyMessage() implements RobotMessage {

    public static final String MSGTYPE = "empty";

    public static final EmptyMessage INSTANCE = new EmptyMessage();

    @Override
    public String msgtype() {
        return MSGTYPE;
    }

    /** Always null: an empty reply is never sent twice, so it has no idempotency key. */
    @Override
    public String msgUuid() {
        return null;
    }

    /** Returns this message unchanged; see {@link #msgUuid()}. */
    @Override
    public EmptyMessage withMsgUuid(String msgUuid) {
        return this;
    }
}
