package io.dingrelay.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dingrelay.events.EventJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README's walk-through in Stream mode ({@code deploy/local/run --stream}): the gateway holds the demo app's
 * outbound Stream connection to the simulator (no callback URL), the simulator sends an @robot message as a Stream
 * frame, the gateway publishes it and ACKs, chat-bridge answers through the sessionWebhook, and the answer arrives in
 * the group exactly as over HTTP callbacks.
 */
class StreamModeIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = EventJson.mapper();

    private static LocalStack stack;
    private static String simulator;

    @BeforeAll
    static void startStack() {
        stack = LocalStack.builder()
                .only("dingtalk-simulator", "callback-gateway", "chat-bridge")
                .streamMode()
                .temporaryDataDir()
                .freePorts()
                .start();
        simulator = stack.url("dingtalk-simulator");
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void anAtRobotMessageOverStreamIsAnsweredInTheGroup() throws Exception {
        // The gateway is ready only once its Stream connection is open, and the simulator sees it.
        JsonNode streams = get(simulator + "/sim/stream");
        assertThat(streams.path("connections").findValuesAsText("app")).as("simulator: %s", streams).contains(LocalSecrets.APP);
        JsonNode ready = get(stack.url("callback-gateway") + "/q/health/ready");
        assertThat(ready.toString()).contains("dingtalk-stream");

        JsonNode group = post(simulator + "/sim/groups", "{\"name\":\"Stream 群\",\"security\":\"none\"}", 201);
        String groupId = group.path("id").asText();
        String text = "流模式 " + UUID.randomUUID().toString().substring(0, 8);

        JsonNode sent = post(simulator + "/sim/stream/robot-messages", JSON.writeValueAsString(Map.of(
                "app", LocalSecrets.APP, "groupId", groupId, "text", text, "senderStaffId", "user123")), 200);
        assertThat(sent.path("acked").asBoolean()).as("simulator: %s", sent).isTrue();
        assertThat(sent.at("/answer/code").asInt()).as("simulator: %s", sent).isEqualTo(200);

        String expected = "@user123 抱歉，我还不会回答「" + text + "」。发送「帮助」看看我能做什么。";
        JsonNode answer = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> messages(groupId).stream()
                        .filter(m -> "session".equals(m.path("channel").asText()))
                        .filter(m -> expected.equals(m.at("/message/text/content").asText()))
                        .findFirst().orElse(null), m -> m != null);
        assertThat(answer.at("/message/at/atUserIds/0").asText()).isEqualTo("user123");
    }

    private static List<JsonNode> messages(String groupId) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        get(simulator + "/sim/groups/" + groupId + "/messages").path("messages").forEach(out::add);
        return out;
    }

    private static JsonNode get(String url) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("%s -> %s", url, r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static JsonNode post(String url, String json, int expectedStatus) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("%s -> %s", url, r.body()).isEqualTo(expectedStatus);
        return JSON.readTree(r.body());
    }
}
