package io.dingrelay.protocol.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dingrelay.protocol.json.Json;
import io.dingrelay.protocol.message.MalformedMessageException.Problem;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The robot OpenAPI's message templates (§5.2, D-MSGTYPE): what {@code groupMessages/send} and
 * {@code oToMessages/batchSend} accept as {@code msgKey}, and the {@code msgParam} fields each one requires.
 * {@code msgParam} is a JSON object <em>encoded as a string</em>, at most
 * {@value io.dingrelay.protocol.DingTalkLimits#OPENAPI_MSG_PARAM_MAX_BYTES} UTF-8 bytes.
 *
 * <p>The OpenAPI has no feedCard and no @ (§3.3, §5.2); its action cards name their buttons
 * {@code actionTitleN}/{@code actionURLN} (2–5 vertical buttons) or {@code buttonTitleN}/{@code buttonUrlN}
 * (sampleActionCard6, 2 horizontal buttons), unlike the webhook's {@code btns}.
 *
 * <p>A sender builds {@code msgParam} with {@link #toMsgParam}; the simulator checks what it receives with
 * {@link #validate}. Both apply the same rules, so they cannot disagree.
 */
public enum OpenApiTemplate {

    SAMPLE_TEXT("sampleText", "content"),
    SAMPLE_MARKDOWN("sampleMarkdown", "title", "text"),
    /** {@code photoURL}: a picture URL or a mediaId. */
    SAMPLE_IMAGE_MSG("sampleImageMsg", "photoURL"),
    SAMPLE_LINK("sampleLink", "text", "title", "picUrl", "messageUrl"),
    /** A card that jumps as a whole. */
    SAMPLE_ACTION_CARD("sampleActionCard", "title", "text", "singleTitle", "singleURL"),
    SAMPLE_ACTION_CARD_2("sampleActionCard2", "title", "text", "actionTitle1", "actionURL1", "actionTitle2", "actionURL2"),
    SAMPLE_ACTION_CARD_3("sampleActionCard3", "title", "text", "actionTitle1", "actionURL1", "actionTitle2", "actionURL2",
            "actionTitle3", "actionURL3"),
    SAMPLE_ACTION_CARD_4("sampleActionCard4", "title", "text", "actionTitle1", "actionURL1", "actionTitle2", "actionURL2",
            "actionTitle3", "actionURL3", "actionTitle4", "actionURL4"),
    SAMPLE_ACTION_CARD_5("sampleActionCard5", "title", "text", "actionTitle1", "actionURL1", "actionTitle2", "actionURL2",
            "actionTitle3", "actionURL3", "actionTitle4", "actionURL4", "actionTitle5", "actionURL5"),
    /** Two buttons side by side. */
    SAMPLE_ACTION_CARD_6("sampleActionCard6", "title", "text", "buttonTitle1", "buttonUrl1", "buttonTitle2", "buttonUrl2"),
    SAMPLE_AUDIO("sampleAudio", "mediaId", "duration"),
    SAMPLE_FILE("sampleFile", "mediaId", "fileName", "fileType"),
    SAMPLE_VIDEO("sampleVideo", "duration", "videoMediaId", "videoType", "picMediaId");

    /** Prefix of the paths {@link MalformedMessageException#field()} names inside {@code msgParam}. */
    public static final String MSG_PARAM = "msgParam";

    private final String msgKey;
    private final List<String> requiredFields;

    OpenApiTemplate(String msgKey, String... requiredFields) {
        this.msgKey = msgKey;
        this.requiredFields = List.of(requiredFields);
    }

    /** The {@code msgKey} as DingTalk spells it, e.g. {@code sampleActionCard2}. */
    public String msgKey() {
        return msgKey;
    }

    /** The {@code msgParam} fields this template requires, in the order §5.2 lists them. */
    public List<String> requiredFields() {
        return requiredFields;
    }

    /** The template for a {@code msgKey} (exact and case-sensitive, as DingTalk's), or empty when there is none. */
    public static Optional<OpenApiTemplate> byMsgKey(String msgKey) {
        for (OpenApiTemplate t : values()) {
            if (t.msgKey.equals(msgKey)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /**
     * Checks a {@code msgParam} string as DingTalk would, in this order: its size (over 15,000 UTF-8 bytes is
     * answered before the content is read), that it is one JSON object, then each required field: present, not
     * empty, a JSON string (a JSON number, e.g. a duration, is accepted as its text) without unpaired surrogates.
     * Fields the template does not use are ignored.
     *
     * @return the parsed object: a fresh tree, the caller's to keep
     * @throws MessageTooLargeException  naming {@code msgParam} when over 15,000 bytes
     * @throws MalformedMessageException naming {@code msgParam} (MISSING_FIELD when null, NOT_JSON when not a JSON
     *                                   object) or {@code msgParam.<field>} (MISSING_FIELD, WRONG_TYPE, INVALID_VALUE)
     */
    public ObjectNode validate(String msgParam) {
        BodySize.checkMsgParam(msgParam);
        ObjectNode param = Json.readObject(msgParam, MSG_PARAM);
        for (String field : requiredFields) {
            String path = MSG_PARAM + "." + field;
            JsonNode v = Json.opt(param, field);
            if (v == null || v.isTextual() && v.textValue().isEmpty()) {
                throw new MalformedMessageException(Problem.MISSING_FIELD, path, "is required by " + msgKey);
            }
            if (v.isTextual()) {
                Json.requireWellFormed(v.textValue(), path);
            } else if (!v.isNumber()) {
                throw new MalformedMessageException(Problem.WRONG_TYPE, path, "must be a string, was a " + Json.kind(v));
            }
        }
        return param;
    }

    /**
     * The {@code msgParam} string for these values (in the map's order, UTF-8 without {@code \\uXXXX} escapes),
     * checked by {@link #validate}. Null values are left out, so they are reported as missing.
     *
     * @throws MessageTooLargeException  when the result is over 15,000 bytes
     * @throws MalformedMessageException naming the missing or invalid field ({@code msgParam} for a null map or key)
     */
    public String toMsgParam(Map<String, String> values) {
        if (values == null) {
            throw new MalformedMessageException(Problem.MISSING_FIELD, MSG_PARAM, "is missing");
        }
        ObjectNode param = Json.object();
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (e.getKey() == null || !Json.isWellFormed(e.getKey())) {
                throw new MalformedMessageException(Problem.INVALID_VALUE, MSG_PARAM, "has a null or malformed field name");
            }
            if (e.getValue() != null) {
                param.put(e.getKey(), Json.requireWellFormed(e.getValue(), MSG_PARAM + "." + e.getKey()));
            }
        }
        String msgParam = Json.write(param);
        validate(msgParam);
        return msgParam;
    }
}
