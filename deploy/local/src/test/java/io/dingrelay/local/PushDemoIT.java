package io.dingrelay.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.dingrelay.events.EventJson;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * push-dispatcher's README walk-through on the packaged simulator, registry and dispatcher as the local stack runs
 * them: the seeded demo campaign, run with one curl, fills the five seeded groups on the simulator's page with the
 * rendered message; the real registry's audience stream feeds the dispatcher.
 */
class PushDemoIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static LocalStack stack;

    @BeforeAll
    static void startStack() {
        stack = LocalStack.builder().only("dingtalk-simulator", "robot-registry", "push-dispatcher").temporaryDataDir().freePorts().start();
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void theSeededCampaignFillsTheSimulatorsPage() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String campaign = DemoSeed.seed(stack, new PrintStream(out, true, StandardCharsets.UTF_8))
                .orElseThrow(() -> new AssertionError("not seeded: " + out.toString(StandardCharsets.UTF_8)));
        assertThat(DemoSeed.seed(stack, new PrintStream(out, true, StandardCharsets.UTF_8))).as("seeded once per data folder").contains(campaign);

        String dispatcher = stack.url("push-dispatcher");
        JsonNode started = send("POST", dispatcher + "/api/campaigns/" + campaign + "/runs", 202);
        String run = started.path("runId").asText();
        await().atMost(Duration.ofSeconds(90)).until(() -> "FINISHED".equals(send("GET", dispatcher + "/api/runs/" + run, 200).path("status").asText()));
        JsonNode progress = send("GET", dispatcher + "/api/runs/" + run, 200);
        assertThat(progress.path("total").asLong()).isEqualTo(5);
        assertThat(progress.path("delivered").asLong()).isEqualTo(5);

        JsonNode groups = send("GET", stack.url("dingtalk-simulator") + "/sim/groups?limit=100", 200).path("groups");
        assertThat(groups).hasSize(5);
        for (JsonNode g : groups) {
            assertThat(g.path("accepted").asLong()).as(g.path("name").asText()).isEqualTo(1);
            JsonNode message = send("GET", stack.url("dingtalk-simulator") + "/sim/groups/" + g.path("id").asText() + "/messages", 200)
                    .path("messages").get(0).path("message");
            assertThat(message.path("markdown").path("title").asText()).isEqualTo(g.path("name").asText() + " 日报");
            assertThat(message.path("markdown").path("text").asText()).contains("新增确诊 **3**");
        }
    }

    private static JsonNode send(String method, String url, int expected) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + stack.secrets().adminToken())
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(method + " " + url + ": " + r.body()).isEqualTo(expected);
        return EventJson.mapper().readTree(r.body());
    }
}
