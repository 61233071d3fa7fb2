package io.dingrelay.protocol.message;

import io.dingrelay.protocol.message.MalformedMessageException.Problem;
import java.util.Arrays;
import java.util.List;

/**
 * {@code {"msgtype":"feedCard","feedCard":{"links":[{"title":…,"messageURL":…,"picURL":…}]}}}: a list
 * of linked items; webhooks only (the OpenAPI has no feedCard), no @.
 *
 * @param links   at least one
 * @param msgUuid idempotency key, or null
 */
public record FeedCardMessage(List<Link> links, String msgUuid) implements RobotMessage {

    public static final String MSGTYPE = "feedCard";

    /**
     * One item. All three fields are required by D-CUSTSEND.
     *
     * @param title      item title
     * @param messageURL where a tap leads (note the upper-case URL, unlike link's {@code messageUrl})
     * @param picURL     item picture
     */
    public record Link(String title, String messageURL, String picURL) {

        public static Link of(String title, String messageURL, String picURL) {
            return new Link(title, messageURL, picURL);
        }
    }

    public FeedCardMessage {
        links = Validation.elements(links, "feedCard.links");
        msgUuid = Validation.optional(msgUuid, "msgUuid");
        if (links.isEmpty()) {
            throw new MalformedMessageException(Problem.MISSING_FIELD, "feedCard.links", "needs at least one link");
        }
        for (int i = 0; i < links.size(); i++) {
            String p = "feedCard.links[" + i + "].";
            Validation.required(links.get(i).title(), p + "title");
            Validation.required(links.get(i).messageURL(), p + "messageURL");
            Validation.required(links.get(i).picURL(), p + "picURL");
        }
    }

    public static FeedCardMessage of(Link... links) {
        return new FeedCardMessage(links == null ? null : Arrays.asList(links), null);
    }

    public static FeedCardMessage of(List<Link> links) {
        return new FeedCardMessage(links, null);
    }

    @Override
    public String msgtype() {
        return MSGTYPE;
    }

    @Override
    public FeedCardMessage withMsgUuid(String msgUuid) {
        return new FeedCardMessage(links, msgUuid);
    }
}
