package io.dingrelay.local;

import static org.assertj.core.api.Assertions.assertThat;

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
 * The registry's README walk-through on the packaged registry as the local stack runs it (its key ring, admin
 * token and webhook hosts): register a simulator group's webhook, import a CSV of two more, see them in the list
 * masked and in the audience.
 */
class RegistryLocalIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = EventJson.mapper();

    private static LocalStack stack;
    private static String simulator;
    private static String registry;
    private static String token;

    @BeforeAll
    static void startStack() {
        stack = LocalStack.builder().only("dingtalk-simulator", "robot-registry").temporaryDataDir().freePorts().start();
        simulator = stack.url("dingtalk-simulator");
        registry = stack.url("robot-registry");
        token = stack.secrets().adminToken();
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aNewcomerRegistersAGroupImportsACsvAndSeesThemListed() throws Exception {
        String tag = "ops" + UUID.randomUUID().toString().substring(0, 8);
        JsonNode signed = send("POST", simulator + "/sim/groups", "application/json", "{\"name\":\"运维群\",\"security\":\"sign\"}", null, 201);
        String webhook = signed.path("webhook").asText();
        String secret = signed.path("secret").asText();
        JsonNode group = send("POST", registry + "/api/groups", "application/json", JSON.writeValueAsString(Map.of(
                "title", "运维群", "webhook", webhook, "secret", secret, "tags", List.of(tag))), token, 201);
        assertThat(group.path("webhook").asText()).contains("access_token=").doesNotContain(signed.path("accessToken").asText());
        assertThat(group.path("secret").asText()).startsWith("SEC…");

        StringBuilder csv = new StringBuilder("title,webhook,secret,tags\n");
        for (int i = 1; i <= 2; i++) {
            JsonNode g = send("POST", simulator + "/sim/groups", "application/json", "{\"name\":\"g\",\"security\":\"none\"}", null, 201);
            csv.append("日报群").append(i).append(',').append(g.path("webhook").asText()).append(",,daily;").append(tag).append('\n');
        }
        JsonNode report = send("POST", registry + "/api/groups/import", "text/csv", csv.toString(), token, 200);
        assertThat(report.path("accepted").asInt()).isEqualTo(2);
        assertThat(report.path("written").asBoolean()).isTrue();

        JsonNode list = send("GET", registry + "/api/groups?tag=" + tag, null, null, token, 200);
        List<String> titles = new ArrayList<>();
        list.path("items").forEach(item -> titles.add(item.path("title").asText()));
        assertThat(titles).containsExactly("运维群", "日报群1", "日报群2");

        HttpResponse<String> audience = HTTP.send(HttpRequest.newBuilder(URI.create(registry + "/api/audience?tags=" + tag))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(audience.statusCode()).isEqualTo(200);
        assertThat(audience.body().lines()).hasSize(3).allSatisfy(l -> assertThat(l).contains("\"urlCiphertext\""));
        assertThat(audience.body()).doesNotContain(signed.path("accessToken").asText());
    }

    private static JsonNode send(String method, String url, String contentType, String body, String bearer, int status)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return JSON.readTree(r.body());
    }
}
