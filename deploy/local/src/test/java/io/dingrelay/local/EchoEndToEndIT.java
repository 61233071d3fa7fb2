package io.dingrelay.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dingrelay.events.EventJson;
import io.dingrelay.events.Topics;
import io.dingrelay.events.chat.ChatMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One message end to end, on the packaged services started as processes by the launcher of the local stack: the
 * simulator (playing DingTalk) sends a signed @robot message to the gateway, the gateway verifies it and publishes
 * it to {@code dingtalk.chat-messages} on the real broker, chat-bridge consumes it and replies through the message's
 * sessionWebhook, and the reply arrives in the simulated group — what a person in that group would see.
 */
class EchoEndToEndIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = EventJson.mapper();

    private static LocalStack stack;
    private static String simulator;
    private static String gateway;

    @BeforeAll
    static void startStack() {
        stack = LocalStack.builder()
                .only("dingtalk-simulator", "callback-gateway", "chat-bridge", "screenshot-worker")
                .temporaryDataDir()
                .freePorts()
                .start();
        simulator = stack.url("dingtalk-simulator");
        gateway = stack.url("callback-gateway");
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void anAtRobotMessageIsVerifiedPublishedAndEchoedBackToTheGroup() throws Exception {
        JsonNode group = post(simulator + "/sim/groups", "{\"name\":\"疫情通报群\",\"security\":\"none\"}", 201);
        String groupId = group.path("id").asText();
        String conversationId = group.path("conversationId").asText();
        String text = "今天的数据 " + shortId();

        JsonNode sent = post(simulator + "/sim/callbacks/robot-messages", JSON.writeValueAsString(Map.of(
                "app", LocalSecrets.APP, "groupId", groupId, "text", text,
                "senderNick", "小明", "senderStaffId", "user123")), 200);

        assertThat(sent.path("gatewayStatus").asInt()).as("gateway answer: %s", sent).isEqualTo(200);
        assertThat(sent.path("replyValid").asBoolean()).as("gateway answer: %s", sent).isTrue();

        // The gateway answered only after Kafka had the record: it is on the topic, keyed by the group.
        ChatMessage published = awaitChatMessage(conversationId, text);
        assertThat(published.app().value()).isEqualTo(LocalSecrets.APP);
        assertThat(published.sender().nick()).isEqualTo("小明");
        assertThat(published.sessionWebhook()).startsWith(simulator + "/robot/sendBySession?session=");

        // chat-bridge's answer (no FAQ pair knows this text: the polite fallback) reaches the group through the
        // sessionWebhook, @-mentioning the sender.
        JsonNode echo = awaitSessionMessage(groupId, fallback(text));
        assertThat(echo.at("/message/msgtype").asText()).isEqualTo("text");
        assertThat(echo.at("/message/at/atUserIds/0").asText()).isEqualTo("user123");
    }

    @Test
    void aForgedRobotMessageIsRefusedAndNeverAnswered() throws Exception {
        JsonNode group = post(simulator + "/sim/groups", "{\"name\":\"伪造测试\",\"security\":\"none\"}", 201);
        String groupId = group.path("id").asText();
        // A live sessionWebhook of this group, so an echo of the forgery would really reach the group.
        String first = "first " + shortId();
        String session = sendGenuine(groupId, first).path("sessionWebhook").asText();
        awaitSessionMessage(groupId, fallback(first));

        String forgedText = "forged " + shortId();
        String body = JSON.writeValueAsString(Map.of(
                "msgId", "msg-" + UUID.randomUUID(), "msgtype", "text", "text", Map.of("content", " " + forgedText),
                "conversationId", group.path("conversationId").asText(), "conversationType", "2",
                "senderNick", "mallory", "senderStaffId", "mallory",
                "sessionWebhook", session, "sessionWebhookExpiredTime", System.currentTimeMillis() + 3_600_000L));
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(gateway + "/dingtalk/apps/demo/robot"))
                .header("Content-Type", "application/json")
                .header("timestamp", Long.toString(System.currentTimeMillis()))
                .header("sign", "bm90IHRoZSByaWdodCBzaWduYXR1cmUgYXQgYWxsIQ==")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(401);

        // Messages of one group share a partition: once a later genuine message is echoed, an echo of the forgery
        // would already be there.
        String later = "later " + shortId();
        sendGenuine(groupId, later);
        awaitSessionMessage(groupId, fallback(later));
        assertThat(messages(groupId)).noneSatisfy(m ->
                assertThat(m.at("/message/text/content").asText()).contains(forgedText));
    }

    /**
     * 疫情 reads the latest figures from the real screenshot-worker (the local stack seeds its demo dataset
     * {@code epidemic}), through the worker's admin API with the deployment's token: the group sees the figures, not
     * "数据服务暂时不可用".
     */
    @Test
    void theStatusCommandAnswersWithTheWorkersLatestFigures() throws Exception {
        JsonNode group = post(simulator + "/sim/groups", "{\"name\":\"疫情数据群\",\"security\":\"none\"}", 201);
        String groupId = group.path("id").asText();
        sendGenuine(groupId, "疫情");

        JsonNode answer = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> messages(groupId).stream()
                        .filter(m -> "session".equals(m.path("channel").asText()))
                        .findFirst().orElse(null), m -> m != null);
        assertThat(answer.at("/message/msgtype").asText()).as("answer: %s", answer).isEqualTo("markdown");
        assertThat(answer.at("/message/markdown/text").asText()).as("answer: %s", answer)
                .contains("疫情数据 · epidemic").contains("- confirmed：");
    }

    /** chat-bridge's answer to a question nobody knows, quoting it (up to 40 characters) and mentioning user123. */
    private static String fallback(String question) {
        return "@user123 抱歉，我还不会回答「" + question + "」。发送「帮助」看看我能做什么。";
    }

    private static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private static JsonNode sendGenuine(String groupId, String text) throws Exception {
        JsonNode sent = post(simulator + "/sim/callbacks/robot-messages", JSON.writeValueAsString(Map.of(
                "app", LocalSecrets.APP, "groupId", groupId, "text", text, "senderStaffId", "user123")), 200);
        assertThat(sent.path("gatewayStatus").asInt()).as("gateway answer: %s", sent).isEqualTo(200);
        return sent;
    }

    private static JsonNode awaitSessionMessage(String groupId, String content) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> messages(groupId).stream()
                        .filter(m -> "session".equals(m.path("channel").asText()))
                        .filter(m -> content.equals(m.at("/message/text/content").asText()))
                        .findFirst().orElse(null), m -> m != null);
    }

    private static List<JsonNode> messages(String groupId) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(simulator + "/sim/groups/" + groupId + "/messages"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        JSON.readTree(r.body()).path("messages").forEach(out::add);
        return out;
    }

    /** Reads dingtalk.chat-messages from the beginning until the record for this text shows up. */
    private static ChatMessage awaitChatMessage(String conversationId, String text) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers().orElseThrow());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "e2e-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            consumer.subscribe(List.of(Topics.CHAT_MESSAGES));
            List<ConsumerRecord<String, String>> seen = new ArrayList<>();
            return await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(seen::add);
                return seen.stream()
                        .filter(r -> conversationId.equals(r.key()))
                        .map(r -> EventJson.read(r.value(), ChatMessage.class))
                        .filter(m -> text.equals(m.text()))
                        .findFirst().orElse(null);
            }, m -> m != null);
        }
    }

    private static JsonNode post(String url, String json, int expectedStatus) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("%s -> %s", url, r.body()).isEqualTo(expectedStatus);
        return JSON.readTree(r.body());
    }
}
