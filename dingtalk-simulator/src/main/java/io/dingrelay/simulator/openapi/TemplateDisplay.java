package io.dingrelay.simulator.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dingrelay.protocol.message.OpenApiTemplate;

/**
 * How the page shows a message sent through the robot OpenAPI: as its webhook twin (sampleMarkdown → markdown,
 * sampleActionCard2..6 → actionCard with buttons, …). Which msgKeys exist and what they require is DingTalk's rule
 * and lives in the protocol library ({@link OpenApiTemplate}); this is only the simulator's presentation.
 */
public final class TemplateDisplay {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TemplateDisplay() {
    }

    /** The message as a webhook-shaped JSON the page can render; media types (audio, file, video) show their msgParam. */
    public static ObjectNode display(OpenApiTemplate t, JsonNode p) {
        ObjectNode m = MAPPER.createObjectNode();
        switch (t) {
            case SAMPLE_TEXT -> m.put("msgtype", "text").putObject("text").put("content", p.path("content").asText());
            case SAMPLE_MARKDOWN -> m.put("msgtype", "markdown").putObject("markdown")
                    .put("title", p.path("title").asText()).put("text", p.path("text").asText());
            case SAMPLE_IMAGE_MSG -> m.put("msgtype", "image").putObject("image").put("photoURL", p.path("photoURL").asText());
            case SAMPLE_LINK -> m.put("msgtype", "link").putObject("link").put("title", p.path("title").asText())
                    .put("text", p.path("text").asText()).put("messageUrl", p.path("messageUrl").asText())
                    .put("picUrl", p.path("picUrl").asText());
            case SAMPLE_ACTION_CARD -> m.put("msgtype", "actionCard").putObject("actionCard")
                    .put("title", p.path("title").asText()).put("text", p.path("text").asText())
                    .put("singleTitle", p.path("singleTitle").asText()).put("singleURL", p.path("singleURL").asText());
            case SAMPLE_ACTION_CARD_2, SAMPLE_ACTION_CARD_3, SAMPLE_ACTION_CARD_4, SAMPLE_ACTION_CARD_5 -> {
                ArrayNode b = card(m, p, "0");
                for (int i = 1; t.requiredFields().contains("actionTitle" + i); i++) {
                    b.addObject().put("title", p.path("actionTitle" + i).asText()).put("actionURL", p.path("actionURL" + i).asText());
                }
            }
            case SAMPLE_ACTION_CARD_6 -> {
                ArrayNode b = card(m, p, "1");
                for (int i = 1; i <= 2; i++) {
                    b.addObject().put("title", p.path("buttonTitle" + i).asText()).put("actionURL", p.path("buttonUrl" + i).asText());
                }
            }
            case SAMPLE_AUDIO, SAMPLE_FILE, SAMPLE_VIDEO -> m.put("msgtype", t.msgKey()).set(t.msgKey(), p);
        }
        return m;
    }

    /** An actionCard with title and text; returns its (empty) buttons. */
    private static ArrayNode card(ObjectNode m, JsonNode p, String orientation) {
        return m.put("msgtype", "actionCard").putObject("actionCard")
                .put("title", p.path("title").asText()).put("text", p.path("text").asText()).put("btnOrientation", orientation)
                .putArray("btns");
    }
}
