package io.dingrelay.protocol.message;

/**
 * {@code {"msgtype":"markdown","markdown":{"title":…,"text":…},"at":{…}}}. The title is what the
 * conversation list previews; the text is DingTalk's markdown subset (§3.4).
 *
 * @param title   preview title; required
 * @param text    markdown body; required
 * @param at      whom to @, or null
 * @param msgUuid idempotency key, or null
 */
public record MarkdownMessage(String title, String text, At at, String msgUuid) implements RobotMessage {

    public static final String MSGTYPE = "markdown";

    public MarkdownMessage {
        title = Validation.required(title, "markdown.title");
        text = Validation.required(text, "markdown.text");
        msgUuid = Validation.optional(msgUuid, "msgUuid");
    }

    public static MarkdownMessage of(String title, String text) {
        return new MarkdownMessage(title, text, null, null);
    }

    public static MarkdownMessage of(String title, String text, At at) {
        return new MarkdownMessage(title, text, at, null);
    }

    @Override
    public String msgtype() {
        return MSGTYPE;
    }

    @Override
    public MarkdownMessage withMsgUuid(String msgUuid) {
        return new MarkdownMessage(title, text, at, msgUuid);
    }
}
