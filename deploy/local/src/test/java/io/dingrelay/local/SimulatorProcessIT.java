package io.dingrelay.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dingrelay.events.EventJson;
import io.dingrelay.testkit.SimulatorProcess;
import io.dingrelay.testkit.SimulatorResource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * testkit's {@link SimulatorProcess} and {@link SimulatorResource}, as a test of another module uses them: the packaged
 * simulator as a child process, playing DingTalk for a client that only knows the URL it was given.
 */
class SimulatorProcessIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void aWebhookSendToTheStartedSimulatorLandsInTheGroup() throws Exception {
        long pid;
        try (SimulatorProcess sim = SimulatorProcess.builder()
                .property("dingtalk.apps.demo.app-key", "dingdemoappkey0001")
                .property("dingtalk.apps.demo.app-secret", "demo-secret")
                .start()) {
            pid = sim.process().pid();
            JsonNode group = send(sim.url() + "/sim/groups", "{\"name\":\"值班群\",\"security\":\"none\"}", 201);

            JsonNode answer = send(group.path("webhook").asText(), "{\"msgtype\":\"text\",\"text\":{\"content\":\"你好\"}}", 200);

            assertThat(answer.path("errcode").asInt()).isZero();
            JsonNode messages = get(sim.url() + "/sim/groups/" + group.path("id").asText() + "/messages");
            assertThat(messages.toString()).contains("你好");
            assertThat(sim.process().logFile()).exists();
        }
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("stopped by close()").isFalse();
    }

    @Test
    void theResourceHandsTheApplicationTheSimulatorAsDingTalk() throws Exception {
        SimulatorResource resource = new SimulatorResource();
        resource.init(Map.of("simulator.corp-id", "dingresourcecorp"));

        Map<String, String> config = resource.start();
        resource.stop(); // leaves it running for the next application start

        String url = config.get(SimulatorResource.URL_PROPERTY);
        assertThat(url).startsWith("http://localhost:");
        assertThat(config).containsEntry("dingtalk.api-base-url", url).containsEntry("dingtalk.oapi-base-url", url);
        SimulatorResource again = new SimulatorResource();
        again.init(Map.of("simulator.corp-id", "dingresourcecorp"));
        assertThat(again.start()).isEqualTo(config);
        // An app-less simulator still answers DingTalk's own errors, as DingTalk would: an unknown access token.
        JsonNode refused = send(url + "/robot/send?access_token=nope", "{\"msgtype\":\"text\",\"text\":{\"content\":\"x\"}}", 200);
        assertThat(refused.path("errcode").asInt()).isNotZero();
    }

    private static JsonNode send(String url, String json, int status) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("%s answered %s", url, r.body()).isEqualTo(status);
        return EventJson.mapper().readTree(r.body());
    }

    private static JsonNode get(String url) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return EventJson.mapper().readTree(r.body());
    }
}
