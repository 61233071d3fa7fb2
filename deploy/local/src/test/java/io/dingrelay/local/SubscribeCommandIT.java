package io.dingrelay.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dingrelay.events.EventJson;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * 订阅 / 退订 against the real robot-registry, on the packaged services the local stack's launcher starts: a group
 * whose robot the gateway has seen is registered by the registry (ROBOT_SEEN on {@code dingtalk.robot-events}); a
 * member @-mentions the robot with {@code 订阅 日报}, the group reads the robot's confirmation, and the registry's
 * {@code GET /api/groups/{id}} shows the tag — so campaigns for 日报 reach the group — and {@code 退订} takes it away.
 */
class SubscribeCommandIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = EventJson.mapper();

    private static LocalStack stack;
    private static String simulator;
    private static String registry;
    private static String token;

    @BeforeAll
    static void startStack() {
        stack = LocalStack.builder()
                .only("dingtalk-simulator", "callback-gateway", "robot-registry", "chat-bridge")
                .temporaryDataDir()
                .freePorts()
                .start();
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
    void aMemberSubscribesTheGroupToATagAndUnsubscribesIt() throws Exception {
        JsonNode group = send("POST", simulator + "/sim/groups", "{\"name\":\"日报订阅群\",\"security\":\"none\"}", null, 201);
        String groupId = group.path("id").asText();
        String conversationId = group.path("conversationId").asText();

        // The first @robot message: answered, and the gateway tells the registry it has seen the robot in this group.
        say(groupId, "帮助");
        awaitReply(groupId, 0, "@user123 我是疫情信息助手");
        String registered = await("the registry registers the group the robot was seen in")
                .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> registeredId(conversationId), id -> id != null);
        assertThat(tags(registered)).isEmpty();

        say(groupId, "订阅 日报");
        assertThat(awaitReply(groupId, 1, "@user123 ")).isEqualTo("@user123 已订阅「日报」，相关推送会发到本群。当前订阅：日报");
        assertThat(tags(registered)).containsExactly("日报");

        say(groupId, "订阅 日报");
        assertThat(awaitReply(groupId, 2, "@user123 ")).isEqualTo("@user123 本群已经订阅了「日报」。");
        say(groupId, "订阅 疫情快报");
        assertThat(awaitReply(groupId, 3, "@user123 ")).isEqualTo("@user123 已订阅「疫情快报」，相关推送会发到本群。当前订阅：日报、疫情快报");
        assertThat(tags(registered)).containsExactly("日报", "疫情快报");

        say(groupId, "退订 日报");
        assertThat(awaitReply(groupId, 4, "@user123 ")).isEqualTo("@user123 已退订「日报」。当前订阅：疫情快报");
        assertThat(tags(registered)).containsExactly("疫情快报");

        say(groupId, "退订 日报");
        assertThat(awaitReply(groupId, 5, "@user123 ")).isEqualTo("@user123 本群没有订阅「日报」。");
        assertThat(tags(registered)).containsExactly("疫情快报");
    }

    private static void say(String groupId, String text) throws Exception {
        JsonNode sent = send("POST", simulator + "/sim/callbacks/robot-messages", JSON.writeValueAsString(Map.of(
                "app", LocalSecrets.APP, "groupId", groupId, "text", text, "senderNick", "小明",
                "senderStaffId", "user123")), null, 200);
        assertThat(sent.path("gatewayStatus").asInt()).as("gateway answer: %s", sent).isEqualTo(200);
    }

    /** The text of the group's session message number {@code index} (0 = oldest), once it starts with {@code prefix}. */
    private static String awaitReply(String groupId, int index, String prefix) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    List<String> texts = sessionTexts(groupId);
                    return texts.size() > index ? texts.get(index) : null;
                }, text -> text != null && text.startsWith(prefix));
    }

    private static List<String> sessionTexts(String groupId) throws Exception {
        List<String> out = new ArrayList<>();
        send("GET", simulator + "/sim/groups/" + groupId + "/messages", null, null, 200).path("messages").forEach(m -> {
            if ("session".equals(m.path("channel").asText())) {
                out.add(m.at("/message/text/content").asText());
            }
        });
        return out;
    }

    /** The registry's id of the group with this openConversationId, null while it does not know it. */
    private static String registeredId(String conversationId) throws Exception {
        JsonNode page = send("GET", registry + "/api/groups?openConversationId="
                + URLEncoder.encode(conversationId, StandardCharsets.UTF_8), null, token, 200);
        return page.path("items").isEmpty() ? null : page.path("items").get(0).path("id").asText();
    }

    private static List<String> tags(String id) throws Exception {
        List<String> tags = new ArrayList<>();
        send("GET", registry + "/api/groups/" + id, null, token, 200).path("tags").forEach(t -> tags.add(t.asText()));
        return tags;
    }

    private static JsonNode send(String method, String url, String json, String bearer, int status) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("%s %s -> %s", method, url, r.body()).isEqualTo(status);
        return JSON.readTree(r.body());
    }
}
