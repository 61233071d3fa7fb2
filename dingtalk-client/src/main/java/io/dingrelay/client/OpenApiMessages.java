package io.dingrelay.client;

import io.dingrelay.protocol.message.ActionCardMessage;
import io.dingrelay.protocol.message.ActionCardMessage.Button;
import io.dingrelay.protocol.message.LinkMessage;
import io.dingrelay.protocol.message.MalformedMessageException;
import io.dingrelay.protocol.message.MalformedMessageException.Problem;
import io.dingrelay.protocol.message.MarkdownMessage;
import io.dingrelay.protocol.message.OpenApiTemplate;
import io.dingrelay.protocol.message.RobotMessage;
import io.dingrelay.protocol.message.TextMessage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The OpenAPI twin of a webhook message (dingtalk-protocol.md §3.4 → §5.2), so one campaign message reaches custom
 * robots and enterprise robots alike: text → {@code sampleText}, markdown → {@code sampleMarkdown}, link →
 * {@code sampleLink} (which requires {@code picUrl}), a single-jump actionCard → {@code sampleActionCard}, one with 2–5 buttons →
 * {@code sampleActionCard2..5}. The OpenAPI has no feedCard and no @ (§5.2): a feedCard is refused naming
 * {@code msgtype}; @-mentions are dropped.
 */
public final class OpenApiMessages {

    private static final List<OpenApiTemplate> CARDS_BY_BUTTONS = List.of(OpenApiTemplate.SAMPLE_ACTION_CARD_2,
            OpenApiTemplate.SAMPLE_ACTION_CARD_3, OpenApiTemplate.SAMPLE_ACTION_CARD_4, OpenApiTemplate.SAMPLE_ACTION_CARD_5);

    private OpenApiMessages() {
    }

    /**
     * The group message for {@code message}, its msgParam checked by the protocol library (≤ 15,000 bytes).
     *
     * @throws MalformedMessageException UNSUPPORTED_MSGTYPE naming {@code msgtype} for a type the OpenAPI cannot send
     * @throws io.dingrelay.protocol.message.MessageTooLargeException naming {@code msgParam} when over 15,000 bytes
     */
    public static GroupMessage of(String robotCode, String openConversationId, String coolAppCode, RobotMessage message) {
        Map<String, String> p = new LinkedHashMap<>();
        OpenApiTemplate template;
        if (message instanceof TextMessage m) {
            template = OpenApiTemplate.SAMPLE_TEXT;
            p.put("content", m.content());
        } else if (message instanceof MarkdownMessage m) {
            template = OpenApiTemplate.SAMPLE_MARKDOWN;
            p.put("title", m.title());
            p.put("text", m.text());
        } else if (message instanceof LinkMessage m) {
            template = OpenApiTemplate.SAMPLE_LINK;
            p.put("text", m.text());
            p.put("title", m.title());
            if (m.picUrl() == null) {
                // The webhook's link makes the picture optional; sampleLink requires it.
                throw new MalformedMessageException(Problem.MISSING_FIELD, "link.picUrl", "is required by the robot OpenAPI (sampleLink)");
            }
            p.put("picUrl", m.picUrl());
            p.put("messageUrl", m.messageUrl());
        } else if (message instanceof ActionCardMessage m) {
            template = actionCard(m, p);
        } else {
            throw new MalformedMessageException(Problem.UNSUPPORTED_MSGTYPE, "msgtype",
                    "'" + (message == null ? "null" : message.msgtype()) + "' cannot be sent through the robot OpenAPI");
        }
        return GroupMessage.of(robotCode, openConversationId, coolAppCode, template, p);
    }

    /** Whether {@code message} has an OpenAPI twin (everything but feedCard and empty). */
    public static boolean supports(RobotMessage message) {
        return message instanceof TextMessage || message instanceof MarkdownMessage
                || message instanceof LinkMessage l && l.picUrl() != null
                || message instanceof ActionCardMessage a && (a.singleURL() != null || a.btns().size() >= 2 && a.btns().size() <= 5);
    }

    private static OpenApiTemplate actionCard(ActionCardMessage m, Map<String, String> p) {
        p.put("title", m.title());
        p.put("text", m.text());
        if (m.singleURL() != null) {
            p.put("singleTitle", m.singleTitle() == null ? m.title() : m.singleTitle());
            p.put("singleURL", m.singleURL());
            return OpenApiTemplate.SAMPLE_ACTION_CARD;
        }
        List<Button> btns = m.btns();
        if (btns.size() < 2 || btns.size() > 5) {
            throw new MalformedMessageException(Problem.INVALID_VALUE, "actionCard.btns",
                    "the robot OpenAPI sends action cards with a single jump or 2 to 5 buttons, not " + btns.size());
        }
        for (int i = 0; i < btns.size(); i++) {
            p.put("actionTitle" + (i + 1), btns.get(i).title());
            p.put("actionURL" + (i + 1), btns.get(i).actionURL());
        }
        return CARDS_BY_BUTTONS.get(btns.size() - 2);
    }
}
