package io.dingrelay.protocol.message;

import io.dingrelay.protocol.message.MalformedMessageException.Problem;
import java.util.Arrays;
import java.util.List;

/**
 * {@code {"msgtype":"actionCard","actionCard":{…}}}: a markdown card that either jumps as a whole
 * ({@code singleTitle} + {@code singleURL}) or has its own buttons ({@code btns}).
 *
 * <p>If both are given DingTalk uses the single jump and ignores {@code btns} (D-CUSTSEND); that is
 * accepted here too, so such a card round-trips unchanged.
 *
 * @param title          preview title; required
 * @param text           markdown body; required
 * @param singleTitle    the whole-card button label; required together with {@code singleURL}
 * @param singleURL      the whole-card jump; required together with {@code singleTitle}
 * @param btns           independent buttons; at least one when there is no single jump; never null
 * @param btnOrientation button layout, or null for DingTalk's default (vertical)
 * @param hideAvatar     whether to hide the sender avatar ({@code "1"}), or null to omit it
 * @param msgUuid        idempotency key, or null
 */
public record ActionCardMessage(String title, String text, String singleTitle, String singleURL, List<Button> btns,
                                Orientation btnOrientation, Boolean hideAvatar, String msgUuid) implements RobotMessage {

    public static final String MSGTYPE = "actionCard";

    /** {@code btnOrientation}: "0" stacks buttons vertically, "1" puts them side by side. */
    public enum Orientation {
        VERTICAL("0"), HORIZONTAL("1");

        private final String wire;

        Orientation(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        /** The orientation for a wire value, or null if it is neither "0" nor "1". */
        public static Orientation fromWire(String wire) {
            for (Orientation o : values()) {
                if (o.wire.equals(wire)) {
                    return o;
                }
            }
            return null;
        }
    }

    /**
     * One button of an independent-jump card.
     *
     * @param title     label; required
     * @param actionURL where it leads; required (a button without a URL is rejected by DingTalk)
     */
    public record Button(String title, String actionURL) {

        public static Button of(String title, String actionURL) {
            return new Button(title, actionURL);
        }
    }

    public ActionCardMessage {
        title = Validation.required(title, "actionCard.title");
        text = Validation.required(text, "actionCard.text");
        singleTitle = Validation.optional(singleTitle, "actionCard.singleTitle");
        singleURL = Validation.optional(singleURL, "actionCard.singleURL");
        btns = Validation.elements(btns, "actionCard.btns");
        msgUuid = Validation.optional(msgUuid, "msgUuid");
        if (singleTitle != null && singleURL == null) {
            throw new MalformedMessageException(Problem.MISSING_FIELD, "actionCard.singleURL", "is required with singleTitle");
        }
        if (singleURL != null && singleTitle == null) {
            throw new MalformedMessageException(Problem.MISSING_FIELD, "actionCard.singleTitle", "is required with singleURL");
        }
        if (singleTitle == null && btns.isEmpty()) {
            throw new MalformedMessageException(Problem.MISSING_FIELD, "actionCard.btns", "is required when there is no singleTitle/singleURL");
        }
        for (int i = 0; i < btns.size(); i++) {
            Validation.required(btns.get(i).title(), "actionCard.btns[" + i + "].title");
            Validation.required(btns.get(i).actionURL(), "actionCard.btns[" + i + "].actionURL");
        }
    }

    /** A card that jumps as a whole. */
    public static ActionCardMessage single(String title, String text, String singleTitle, String singleURL) {
        return new ActionCardMessage(title, text, singleTitle, singleURL, List.of(), null, null, null);
    }

    /** A card with independent buttons. */
    public static ActionCardMessage buttons(String title, String text, Orientation orientation, List<Button> btns) {
        return new ActionCardMessage(title, text, null, null, btns, orientation, null, null);
    }

    /** A card with independent buttons, vertical. */
    public static ActionCardMessage buttons(String title, String text, Button... btns) {
        return new ActionCardMessage(title, text, null, null, btns == null ? null : Arrays.asList(btns), null, null, null);
    }

    /** This card with {@code hideAvatar} set. */
    public ActionCardMessage withHideAvatar(Boolean hide) {
        return new ActionCardMessage(title, text, singleTitle, singleURL, btns, btnOrientation, hide, msgUuid);
    }

    @Override
    public String msgtype() {
        return MSGTYPE;
    }

    @Override
    public ActionCardMessage withMsgUuid(String msgUuid) {
        return new ActionCardMessage(title, text, singleTitle, singleURL, btns, btnOrientation, hideAvatar, msgUuid);
    }
}
