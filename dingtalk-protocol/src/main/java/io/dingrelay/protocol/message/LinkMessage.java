package io.dingrelay.protocol.message;

/**
 * {@code {"msgtype":"link","link":{"title":…,"text":…,"messageUrl":…,"picUrl":…}}}; links cannot @ anyone.
 *
 * @param title      required
 * @param text       required
 * @param messageUrl where a tap leads; required
 * @param picUrl     thumbnail, or null
 * @param msgUuid    idempotency key, or null
 */
public record LinkMessage(String title, String text, String messageUrl, String picUrl, String msgUuid) implements RobotMessage {

    public static final String MSGTYPE = "link";

    public LinkMessage {
        title = Validation.required(title, "link.title");
        text = Validation.required(text, "link.text");
        messageUrl = Validation.required(messageUrl, "link.messageUrl");
        picUrl = Validation.optional(picUrl, "link.picUrl");
        msgUuid = Validation.optional(msgUuid, "msgUuid");
    }

    public static LinkMessage of(String title, String text, String messageUrl) {
        return new LinkMessage(title, text, messageUrl, null, null);
    }

    public static LinkMessage of(String title, String text, String messageUrl, String picUrl) {
        return new LinkMessage(title, text, messageUrl, picUrl, null);
    }

    @Override
    public String msgtype() {
        return MSGTYPE;
    }

    @Override
    public LinkMessage withMsgUuid(String msgUuid) {
        return new LinkMessage(title, text, messageUrl, picUrl, msgUuid);
    }
}
