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
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * push-dispatcher's README walk-through on the packaged simulator, registry and dispatcher as the local stack runs
 * them: the seeded demo campaign, run with one curl, fills the five seeded groups on the simulator's page with the
 * rendered message; the real registry's audience stream feeds the dispatcher. With the real screenshot-worker, a
 * campaign with the seeded dashboard carries the worker's rendered image in every group's markdown.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PushDemoIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static LocalStack stack;

    @BeforeAll
    static void startStack() {
        stack = LocalStack.builder().only("dingtalk-simulator", "robot-registry", "push-dispatcher", "screenshot-worker")
                .temporaryDataDir().freePorts().start();
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1) // counts each group's first message: before the picture campaign's
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

    /**
     * Issue 13's whole path on the real services: a run of a campaign with the worker's seeded dashboard {@code daily}
     * asks the worker for the picture on {@code screenshot.requests}, the worker renders it in Chromium and answers on
     * {@code screenshot.ready}, and every group's markdown embeds that image, which the worker serves as a PNG.
     */
    @Test
    @Order(2)
    void aCampaignWithTheSeededDashboardEmbedsTheRenderedImage() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DemoSeed.seed(stack, new PrintStream(out, true, StandardCharsets.UTF_8))
                .orElseThrow(() -> new AssertionError("not seeded: " + out.toString(StandardCharsets.UTF_8)));
        String dispatcher = stack.url("push-dispatcher");
        String campaign = send("POST", dispatcher + "/api/campaigns", """
                {"name":"疫情日报（带图）","audience":{"tags":["demo"]},"zone":"Asia/Shanghai","dashboard":"daily",
                 "message":{"msgtype":"markdown","markdown":{"title":"{{group.title}} 图表",
                   "text":"#### {{group.title}}\\n![趋势]({{dashboard.url}})"}}}""", 201).path("id").asText();
        String run = send("POST", dispatcher + "/api/campaigns/" + campaign + "/runs", null, 202).path("runId").asText();
        await().atMost(Duration.ofSeconds(120)).until(() -> "FINISHED".equals(send("GET", dispatcher + "/api/runs/" + run, 200).path("status").asText()));

        String worker = stack.url("screenshot-worker");
        JsonNode groups = send("GET", stack.url("dingtalk-simulator") + "/sim/groups?limit=100", 200).path("groups");
        assertThat(groups).hasSize(5);
        String image = null;
        for (JsonNode g : groups) {
            JsonNode messages = send("GET", stack.url("dingtalk-simulator") + "/sim/groups/" + g.path("id").asText() + "/messages", 200)
                    .path("messages");
            String text = null;
            for (JsonNode m : messages) {
                if ((g.path("name").asText() + " 图表").equals(m.at("/message/markdown/title").asText())) {
                    text = m.at("/message/markdown/text").asText();
                }
            }
            assertThat(text).as("the picture campaign's message in %s", g.path("name").asText())
                    .matches("(?s).*!\\[趋势\\]\\(" + java.util.regex.Pattern.quote(worker) + "/images/[0-9a-f]{64}\\.png\\).*");
            String url = text.replaceAll("(?s).*!\\[趋势\\]\\(([^)]+)\\).*", "$1");
            assertThat(image == null || image.equals(url)).as("one picture for every group, rendered once").isTrue();
            image = url;
        }
        HttpResponse<byte[]> png = HTTP.send(HttpRequest.newBuilder(URI.create(image)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(png.statusCode()).isEqualTo(200);
        assertThat(png.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(png.body()).startsWith(0x89, 'P', 'N', 'G');
    }

    private static JsonNode send(String method, String url, int expected) throws Exception {
        return send(method, url, null, expected);
    }

    private static JsonNode send(String method, String url, String json, int expected) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + stack.secrets().adminToken())
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)).build();
        HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(method + " " + url + ": " + r.body()).isEqualTo(expected);
        return EventJson.mapper().readTree(r.body());
    }
}
