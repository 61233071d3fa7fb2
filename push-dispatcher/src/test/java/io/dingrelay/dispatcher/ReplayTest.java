package io.dingrelay.dispatcher;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dingrelay.dispatcher.sending.DeliverySender;
import io.dingrelay.dispatcher.support.AudienceServer;
import io.dingrelay.dispatcher.support.DeliveryWorld;
import io.dingrelay.events.EventJson;
import io.dingrelay.events.ids.CampaignId;
import io.dingrelay.events.ids.RunId;
import io.dingrelay.events.push.DeliveryTarget;
import io.dingrelay.events.push.PushMessage;
import io.dingrelay.events.registry.AudienceEntry;
import io.dingrelay.events.registry.GroupKind;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Replay (issue 11 item 5): deliveries dead-lettered by the simulator's 5xx fault and failed permanently by a stopped
 * robot; the faults removed; replays by group ids, by errcode and by time range deliver each of them exactly once (the
 * simulator's record), a second replay of the same set while the first is pending queues nothing, a batch published
 * again sends nothing, and the groups that were delivered in the first place are not sent to again.
 *
 * <p>One attempt per delivery here ({@code max-attempts=1}), so a 5xx is dead-lettered at once instead of after the
 * retry schedule's minutes.
 */
@QuarkusTest
@TestProfile(ReplayTest.OneAttempt.class)
class ReplayTest {

    public static class OneAttempt implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("dingrelay.push.max-attempts", "1");
        }
    }

    static final String TAG = "replay";

    @Inject
    DeliverySender sender;

    static RequestSpecification admin() {
        return given().header("Authorization", "Bearer " + AudienceServer.TOKEN).contentType("application/json");
    }

    @Test
    void replayDeliversWhatFailedExactlyOnceAndNothingElse() {
        Instant before = Instant.now().minusSeconds(1);
        List<AudienceEntry> groups = DeliveryWorld.groups(30, "rp", GroupKind.CUSTOM_WEBHOOK, "none", List.of(TAG));
        List<AudienceEntry> unavailable = groups.subList(0, 10);   // 503 on every send: dead-lettered
        List<AudienceEntry> stopped = groups.subList(10, 15);      // robot stopped (400102): failed permanently
        List<AudienceEntry> fine = groups.subList(15, 30);
        unavailable.forEach(g -> DeliveryWorld.sim.put("/sim/faults",
                new JsonObject().put("groupId", sim(g)).put("errorRate", 1.0).put("errorStatus", 503).encode()));
        stopped.forEach(g -> DeliveryWorld.sim.post("/sim/groups/" + sim(g) + "/robot/stop", "{}"));

        String message = new JsonObject().put("msgtype", "markdown").put("markdown", new JsonObject()
                .put("title", "告警").put("text", "#### {{group.title}} 重放测试")).encode();
        String campaign = admin().body("{\"name\":\"replay\",\"message\":" + message + ",\"audience\":{\"tags\":[\"" + TAG + "\"]}}")
                .post("/api/campaigns").then().statusCode(201).extract().path("id");
        String runId = admin().post("/api/campaigns/" + campaign + "/runs").then().statusCode(202).extract().path("runId");
        awaitFinished(runId);
        JsonPath first = progress(runId);
        assertThat(first.getLong("delivered")).isEqualTo(15);
        assertThat(first.getLong("deadLettered")).isEqualTo(10);
        assertThat(first.getLong("failed")).isEqualTo(5);
        List<Map<String, Object>> dead = deliveries(runId, "DEAD_LETTERED");
        assertThat(dead).extracting(d -> d.get("groupId")).containsExactlyInAnyOrderElementsOf(ids(unavailable));
        String deadCode = (String) dead.get(0).get("lastCode");
        assertThat(dead).allSatisfy(d -> assertThat(d.get("lastCode")).isEqualTo(deadCode));
        assertThat(deliveries(runId, "FAILED")).extracting(d -> d.get("lastCode")).containsOnly("400102");
        assertThat(accepted(groups)).containsOnly(Map.entry(0L, 15L), Map.entry(1L, 15L));

        // The faults removed: DingTalk answers again, the robots are back.
        DeliveryWorld.sim.delete("/sim/faults");
        stopped.forEach(g -> DeliveryWorld.sim.post("/sim/groups/" + sim(g) + "/restore", "{}"));

        // Bad input names the field; an unknown run is 404.
        badRequest(runId, "{\"status\":\"DELIVERED\"}", "status");
        badRequest(runId, "{\"status\":[]}", "status");
        badRequest(runId, "{\"from\":\"yesterday\"}", "from");
        badRequest(runId, "{\"from\":\"2026-12-02T10:00:00Z\",\"to\":\"2026-12-02T09:00:00Z\"}", "to");
        badRequest(runId, "{\"groupIds\":\"rp-g1\"}", "groupIds");
        badRequest(runId, "{\"errcodes\":[\"503\"]}", "errcodes");
        badRequest(runId, "[1]", "body");
        admin().body("{}").post("/api/runs/no-such-run/replay").then().statusCode(404);
        given().contentType("application/json").body("{}").post("/api/runs/" + runId + "/replay").then().statusCode(401);

        // Five of the dead letters by group id, asked twice in a row: the second finds them pending and queues nothing.
        String fiveIds = new JsonArray(ids(unavailable.subList(0, 5))).encode();
        String body = "{\"status\":\"DEAD_LETTERED\",\"groupIds\":" + fiveIds + "}";
        JsonPath r1 = admin().body(body).post("/api/runs/" + runId + "/replay").then().statusCode(202).extract().jsonPath();
        JsonPath r2 = admin().body(body).post("/api/runs/" + runId + "/replay").then().statusCode(202).extract().jsonPath();
        assertThat(r1.getInt("queued")).isEqualTo(5);
        assertThat(r1.getInt("batches")).isPositive();
        assertThat(r2.getInt("queued")).isZero();
        awaitFinished(runId);
        assertThat(progress(runId).getLong("delivered")).isEqualTo(20);
        assertThat(acceptedOf(unavailable.subList(0, 5))).containsOnly(1L);
        assertThat(acceptedOf(unavailable.subList(5, 10))).containsOnly(0L);

        // Kafka delivers the replayed batch again (a crash before the commit, an offset reset): the claim sends nothing.
        long acceptedBefore = new JsonObject(DeliveryWorld.sim.get("/sim/stats")).getLong("accepted");
        PushMessage again = new PushMessage(EventJson.read(message, com.fasterxml.jackson.databind.JsonNode.class),
                EventJson.mapper().createObjectNode(), "Asia/Shanghai", Instant.now(), null);
        sender.send(RunId.of(runId), CampaignId.of(campaign), "p0", again, groups.stream().map(DeliveryTarget::of).toList())
                .await().atMost(Duration.ofMinutes(1));
        assertThat(new JsonObject(DeliveryWorld.sim.get("/sim/stats")).getLong("accepted")).isEqualTo(acceptedBefore);

        // The permanent failures by their errcode.
        JsonPath byCode = admin().body("{\"errcode\":400102}").post("/api/runs/" + runId + "/replay").then().statusCode(202)
                .extract().jsonPath();
        assertThat(byCode.getInt("queued")).isEqualTo(5);
        // The rest by time range: every failure answered since the test began.
        JsonPath byTime = admin().body("{\"from\":\"" + before + "\",\"to\":\"" + Instant.now().plusSeconds(60) + "\"}")
                .post("/api/runs/" + runId + "/replay").then().statusCode(202).extract().jsonPath();
        assertThat(byTime.getInt("queued")).isEqualTo(5);
        awaitFinished(runId);

        JsonPath last = progress(runId);
        assertThat(last.getLong("delivered")).isEqualTo(30);
        assertThat(last.getLong("failed") + last.getLong("deadLettered")).isZero();
        // Exactly once for every group: the replayed ones once, the ones delivered at first not again.
        assertThat(groups).allSatisfy(g -> assertThat(acceptedOf(List.of(g))).as(g.groupId().value()).containsOnly(1L));
        assertThat(new JsonObject(DeliveryWorld.sim.get("/sim/stats")).getJsonObject("duplicates").getLong("msgUuid", 0L)).isZero();
        // Nothing left to replay.
        assertThat(admin().body("{}").post("/api/runs/" + runId + "/replay").then().statusCode(202).extract().jsonPath()
                .getInt("queued")).isZero();
    }

    static void badRequest(String runId, String body, String field) {
        admin().body(body).post("/api/runs/" + runId + "/replay").then().statusCode(400)
                .body("field", org.hamcrest.Matchers.equalTo(field));
    }

    static void awaitFinished(String runId) {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                .until(() -> "FINISHED".equals(progress(runId).getString("status")));
    }

    static JsonPath progress(String runId) {
        return admin().get("/api/runs/" + runId).then().statusCode(200).extract().jsonPath();
    }

    static List<Map<String, Object>> deliveries(String runId, String status) {
        return admin().get("/api/runs/" + runId + "/deliveries?status=" + status).then().statusCode(200).extract().jsonPath()
                .getList("deliveries");
    }

    static String sim(AudienceEntry g) {
        return DeliveryWorld.simId(g.groupId().value());
    }

    static List<String> ids(List<AudienceEntry> groups) {
        return groups.stream().map(g -> g.groupId().value()).toList();
    }

    static List<Long> acceptedOf(List<AudienceEntry> groups) {
        return groups.stream().map(g -> new JsonObject(DeliveryWorld.sim.get("/sim/groups/" + sim(g))).getLong("accepted")).toList();
    }

    /** accepted count → how many of the groups have it. */
    static Map<Long, Long> accepted(List<AudienceEntry> groups) {
        return acceptedOf(groups).stream().collect(Collectors.groupingBy(n -> n, HashMap::new, Collectors.counting()));
    }
}
