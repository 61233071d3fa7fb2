package io.dingrelay.protocol.message;

/**
 * A message in DingTalk's webhook format (§3.4), the same JSON for custom-robot webhooks, a
 * {@code sessionWebhook} reply and the synchronous answer to a robot callback. Serialise and parse
 * with {@link MessageCodec}; check the size with {@link BodySize}.
 *
 * <p>Every implementation validates itself on construction and throws
 * {@link MalformedMessageException} naming the JSON path at fault, so an instance is always a
 * message DingTalk accepts (size aside).
 */
public sealed interface RobotMessage
        permits TextMessage, MarkdownMessage, LinkMessage, ActionCardMessage, FeedCardMessage, EmptyMessage {

    /** The {@code msgtype} value on the wire: {@code text}, {@code markdown}, {@code link}, {@code actionCard}, {@code feedCard}, {@code empty}. */
    String msgtype();

    /**
     * The optional top-level {@code msgUuid}: DingTalk's idempotency key, so a send retried after a
     * timeout is not shown twice (D-CUSTSEND). Null when absent.
     */
    String msgUuid();

    /** This message with {@code msgUuid} set (null removes it). */
    RobotMessage withMsgUuid(String msgUuid);
}
