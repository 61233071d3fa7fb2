package io.dingrelay.simulator.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The robot OpenAPI's message templates (msgKey → required msgParam keys, dingtalk-protocol.md §5.2,
 * D-MSGTYPE), and how the page shows each one (as its webhook twin: sampleMarkdown → markdown, …).
 *
 * <p>This table belongs in dingtalk-protocol (one place per DingTalk rule); it lives here until the library
 * offers it (see the README).
 */
public final class OpenApiTemplates {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Map<String, List<String>> REQUIRED = new LinkedHashMap<>();

    static {
        REQUIRED.put("sampleText", List.of("content"));
        REQUIRED.put("sampleMarkdown", List.of("title", "text"));
        REQUIRED.put("sampleImageMsg", List.of("photoURL"));
        REQUIRED.put("sampleLink", List.of("text", "title", "picUrl", "messageUrl"));
        REQUIRED.put("sampleActionCard", List.of("title", "text", "singleTitle", "singleURL"));
        for (int n = 2; n <= 5; n++) {
            List<String> keys = new ArrayList<>(List.of("title", "text"));
            for (int i = 1; i <= n; i++) {
                keys.add("actionTitle" + i);
                keys.add("actionURL" + i);
            }
            REQUIRED.put("sampleActionCard" + n, List.copyOf(keys));
        }
        REQUIRED.put("sampleActionCard6", List.of("title", "text", "buttonTitle1", "buttonUrl1", "buttonTitle2", "buttonUrl2"));
        REQUIRED.put("sampleAudio", List.of("mediaId", "duration"));
        REQUIRED.put("sampleFile", List.of("mediaId", "fileName", "fileType"));
        REQUIRED.put("sampleVideo", List.of("duration", "videoMediaId", "videoType", "picMediaId"));
    }

    private OpenApiTemplates() {
    }

    public static boolean known(String msgKey) {
        return REQUIRED.containsKey(msgKey);
    }

    /** The first missing or non-string required key of {@code param} for this template, or null when complete. */
    public static String missingKey(String msgKey, JsonNode param) {
        for (String k : REQUIRED.get(msgKey)) {
            JsonNode v = param.get(k);
            if (v == null || v.isNull() || !(v.isTextual() || v.isNumber()) || v.asText().isEmpty()) {
                return k;
            }
        }
        return null;
    }

    /** The message as a webhook-shaped JSON the page can render; unknown media types show their msgParam. */
    public static ObjectNode display(String msgKey, JsonNode p) {
        ObjectNode m = MAPPER.createObjectNode();
        switch (msgKey) {
            case "sampleText" -> m.put("msgtype", "text").putObject("text").put("content", p.path("content").asText());
            case "sampleMarkdown" -> m.put("msgtype", "markdown").putObject("markdown")
                    .put("title", p.path("title").asText()).put("text", p.path("text").asText());
            case "sampleImageMsg" -> m.put("msgtype", "image").putObject("image").put("photoURL", p.path("photoURL").asText());
            case "sampleLink" -> m.put("msgtype", "link").putObject("link").put("title", p.path("title").asText())
                    .put("text", p.path("text").asText()).put("messageUrl", p.path("messageUrl").asText())
                    .put("picUrl", p.path("picUrl").asText());
            case "sampleActionCard" -> m.put("msgtype", "actionCard").putObject("actionCard")
                    .put("title", p.path("title").asText()).put("text", p.path("text").asText())
                    .put("singleTitle", p.path("singleTitle").asText()).put("singleURL", p.path("singleURL").asText());
            case "sampleActionCard6" -> {
                ObjectNode c = m.put("msgtype", "actionCard").putObject("actionCard")
                        .put("title", p.path("title").asText()).put("text", p.path("text").asText()).put("btnOrientation", "1");
                ArrayNode b = c.putArray("btns");
                for (int i = 1; i <= 2; i++) {
                    b.addObject().put("title", p.path("buttonTitle" + i).asText()).put("actionURL", p.path("buttonUrl" + i).asText());
                }
            }
            default -> {
                if (msgKey.startsWith("sampleActionCard")) {
                    int n = msgKey.charAt(msgKey.length() - 1) - '0';
                    ObjectNode c = m.put("msgtype", "actionCard").putObject("actionCard")
                            .put("title", p.path("title").asText()).put("text", p.path("text").asText()).put("btnOrientation", "0");
                    ArrayNode b = c.putArray("btns");
                    for (int i = 1; i <= n; i++) {
                        b.addObject().put("title", p.path("actionTitle" + i).asText()).put("actionURL", p.path("actionURL" + i).asText());
                    }
                } else {
                    m.put("msgtype", msgKey).set(msgKey, p);
                }
            }
        }
        return m;
    }
}
