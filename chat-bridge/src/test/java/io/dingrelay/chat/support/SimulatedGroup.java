package io.dingrelay.chat.support;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.dingrelay.events.EventJson;
import io.dingrelay.events.Topics;
import io.dingrelay.events.chat.ChatMessage;
import io.dingrelay.events.ids.AppName;
import io.dingrelay.events.ids.ConversationId;
import io.dingrelay.events.ids.MsgId;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A group in the simulator, and what its members see. {@link #say} has the simulator sign an @robot message (it
 * opens the session) and publishes the ChatMessage the gateway would publish for it on {@code dingtalk.chat-messages}.
 */
public final class SimulatedGroup {

    private final String simulator;
    private final String kafka;
    public final String id;
    public final String conversationId;

    private SimulatedGroup(String simulator, String kafka, String id, String conversationId) {
        this.simulator = simulator;
        this.kafka = kafka;
        this.id = id;
        this.conversationId = conversationId;
    }

    public static SimulatedGroup create(String simulator, String kafka, String name) {
        JsonNode g = EventJson.read(given().baseUri(simulator).contentType("application/json")
                .body(Map.of("name", name, "security", "none")).post("/sim/groups")
                .then().statusCode(201).extract().asString(), JsonNode.class);
        return new SimulatedGroup(simulator, kafka, g.get("id").asText(), g.get("conversationId").asText());
    }

    /** The message as the gateway would publish it, not yet published. */
    public ChatMessage message(String text, String staffId, String nick) {
        JsonNode answer = EventJson.read(given().baseUri(simulator).contentType("application/json")
                .body(Map.of("app", "demo", "groupId", id, "text", text, "senderNick", nick, "senderStaffId", staffId))
                .post("/sim/callbacks/robot-messages").then().statusCode(200).extract().asString(), JsonNode.class);
        JsonNode b = answer.at("/sent/body");
        Instant now = Instant.now();
        return new ChatMessage(MsgId.of(b.get("msgId").asText()), AppName.of("demo"),
                ConversationId.of(b.get("conversationId").asText()), b.path("conversationType").asText("2"),
                b.path("conversationTitle").asText(null), b.path("msgtype").asText("text"),
                b.at("/text/content").asText().strip(),
                new ChatMessage.Sender(b.path("senderId").asText(), b.path("senderNick").asText(),
                        b.path("senderStaffId").asText(null), b.path("senderCorpId").asText(null), null),
                null, b.path("chatbotUserId").asText(null), List.of(), true, b.get("sessionWebhook").asText(),
                Instant.ofEpochMilli(b.get("sessionWebhookExpiredTime").asLong()), Instant.ofEpochMilli(b.get("createAt").asLong()),
                now, b);
    }

    /** Says {@code text} and publishes it; returns the published message. */
    public ChatMessage say(String text, String staffId, String nick) {
        ChatMessage m = message(text, staffId, nick);
        publish(m);
        return m;
    }

    public ChatMessage say(String text) {
        return say(text, "user123", "小明");
    }

    public void publish(ChatMessage... messages) {
        try (KafkaCompanion companion = new KafkaCompanion(kafka)) {
            companion.produceStrings().fromRecords(Arrays.stream(messages)
                            .map(m -> new ProducerRecord<>(Topics.CHAT_MESSAGES, m.conversationId().value(), EventJson.write(m)))
                            .toList())
                    .awaitCompletion(Duration.ofSeconds(30));
        }
    }

    /** Everything the group received (channel {@code session}, {@code openapi}, …), oldest first. */
    public List<JsonNode> received() {
        JsonNode page = EventJson.read(given().baseUri(simulator).get("/sim/groups/" + id + "/messages")
                .then().statusCode(200).extract().asString(), JsonNode.class);
        List<JsonNode> out = new ArrayList<>();
        page.path("messages").forEach(out::add);
        return out;
    }

    /** The text (or markdown text) the robot posted, as a member reads it. */
    public static String text(JsonNode received) {
        JsonNode m = received.path("message");
        return m.has("text") && m.get("text").isObject() ? m.at("/text/content").asText()
                : m.has("markdown") ? m.at("/markdown/text").asText()
                : m.has("msgParam") ? m.path("msgParam").asText() : m.toString();
    }

    /** The first message received after {@code after} received ones that satisfies {@code which}. */
    public JsonNode awaitReceived(int after, Predicate<JsonNode> which) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> received().stream().skip(after).filter(which).findFirst().orElse(null), r -> r != null);
    }

    /** The next robot message after {@code after} received ones. */
    public JsonNode awaitReply(int after) {
        return awaitReceived(after, r -> true);
    }
}
