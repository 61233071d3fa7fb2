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
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * 10,000 groups, webhooks (half of them signed) and OpenAPI groups mixed, each receive the message exactly once,
 * proved by the simulator's own record; the progress endpoint agrees with the simulator; a batch delivered again
 * (Kafka's redelivery after a restart or rebalance, or a replay) sends nothing twice.
 */
@QuarkusTest
class DeliveryTest {

    static final String TAG = "bulk-10k";
    static final List<AudienceEntry> groups = new ArrayList<>();

    @Inject
    DeliverySender sender;

    @BeforeAll
    static void tenThousandGroups() {
        // Every group receives one message; the per-IP (10,000/20 s) and app QPS (20/s) budgets are issue 11's.
        DeliveryWorld.sim.put("/sim/limits", "{\"ipEnabled\":false,\"appQpsEnabled\":false}");
        groups.addAll(DeliveryWorld.groups(2_500, "wh", GroupKind.CUSTOM_WEBHOOK, "none", List.of(TAG)));
        groups.addAll(DeliveryWorld.groups(2_500, "whs", GroupKind.CUSTOM_WEBHOOK, "sign", List.of(TAG)));
        groups.addAll(DeliveryWorld.groups(4_000, "oa", GroupKind.ENTERPRISE_ROBOT, "none", List.of(TAG)));
        groups.addAll(DeliveryWorld.groups(1_000, "ca", GroupKind.COOL_APP, "none", List.of(TAG)));
    }

    @AfterAll
    static void limitsBack() {
        DeliveryWorld.sim.delete("/sim/limits");
    }

    static RequestSpecification admin() {
        return given().header("Authorization", "Bearer " + AudienceServer.TOKEN).contentType("application/json");
    }

    @Test
    void everyGroupReceivesTheMessageExactlyOnce() {
        String message = new JsonObject().put("msgtype", "markdown").put("markdown", new JsonObject()
                .put("title", "{{group.title}} 日报").put("text", "#### {{group.title}} {{date}}\n确诊 {{vars.confirmed}}")).encode();
        String campaign = admin().body("{\"name\":\"10k\",\"message\":" + message + ",\"vars\":{\"confirmed\":\"7\"},"
                + "\"audience\":{\"tags\":[\"" + TAG + "\"]}}").post("/api/campaigns").then().statusCode(201).extract().path("id");

        String runId = admin().header("Idempotency-Key", "10k-1").post("/api/campaigns/" + campaign + "/runs").then().statusCode(202)
                .extract().path("runId");

        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1))
                .until(() -> "FINISHED".equals(progress(runId).getString("status")));
        JsonPath p = progress(runId);
        assertThat(p.getLong("total")).isEqualTo(10_000);
        assertThat(p.getLong("delivered")).isEqualTo(10_000);
        assertThat(p.getLong("pending")).isZero();
        assertThat(p.getLong("failed")).isZero();
        assertThat(p.getLong("durationMs")).isPositive();

        Map<String, Long> accepted = acceptedBySimGroup();
        assertThat(groups).allSatisfy(g -> assertThat(accepted.get(DeliveryWorld.simId(g.groupId().value())))
                .as("messages accepted by %s", g.groupId().value()).isEqualTo(1L));
        assertThat(accepted.values().stream().filter(n -> n == 1).count()).isGreaterThanOrEqualTo(p.getLong("delivered"));

        // What the simulator shows is the rendered template, per group, with the run's msgUuid on webhooks.
        AudienceEntry signed = groups.get(3_000);
        JsonObject shown = new JsonObject(DeliveryWorld.sim.get("/sim/groups/" + DeliveryWorld.simId(signed.groupId().value()) + "/messages"))
                .getJsonArray("messages").getJsonObject(0);
        assertThat(shown.getString("msgUuid")).isEqualTo(runId + ":" + signed.groupId().value());
        assertThat(shown.getJsonObject("message").encode()).contains(signed.title() + " 日报").contains("确诊 7");
        AudienceEntry openApi = groups.get(7_000);
        JsonObject viaOpenApi = new JsonObject(DeliveryWorld.sim.get("/sim/groups/" + DeliveryWorld.simId(openApi.groupId().value()) + "/messages"))
                .getJsonArray("messages").getJsonObject(0);
        assertThat(viaOpenApi.getString("channel")).isEqualTo("openapi");
        assertThat(viaOpenApi.getJsonObject("message").encode()).contains(openApi.title() + " 日报");

        // The deliveries API pages through the ledger.
        JsonPath page = admin().get("/api/runs/" + runId + "/deliveries?status=DELIVERED&limit=500").then().statusCode(200).extract().jsonPath();
        assertThat(page.getList("deliveries")).hasSize(500);
        assertThat(page.getString("next")).isNotNull();
        assertThat(admin().get("/api/runs/" + runId + "/deliveries?status=FAILED").then().statusCode(200).extract().jsonPath()
                .getList("deliveries")).isEmpty();

        // Kafka delivers every batch again (a restart before the commit, a rebalance, a replay): nothing is sent twice.
        PushMessage again = new PushMessage(EventJson.read(message, com.fasterxml.jackson.databind.JsonNode.class),
                EventJson.mapper().createObjectNode().put("confirmed", "7"), "Asia/Shanghai", Instant.now(), null);
        long acceptedBefore = simAccepted();
        sender.send(RunId.of(runId), CampaignId.of(campaign), "p0", again, groups.stream().map(DeliveryTarget::of).toList())
                .await().atMost(Duration.ofMinutes(1));
        assertThat(simAccepted()).isEqualTo(acceptedBefore);
        assertThat(progress(runId).getLong("delivered")).isEqualTo(10_000);

        // The same counts in Prometheus.
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("dingrelay_push_run_deliveries{run=\"" + runId + "\",status=\"DELIVERED\"} 10000.0");
    }

    static JsonPath progress(String runId) {
        return admin().get("/api/runs/" + runId).then().statusCode(200).extract().jsonPath();
    }

    static long simAccepted() {
        return new JsonObject(DeliveryWorld.sim.get("/sim/stats")).getLong("accepted");
    }

    /** Every simulator group's count of accepted messages, paged through /sim/groups. */
    static Map<String, Long> acceptedBySimGroup() {
        Map<String, Long> out = new HashMap<>();
        String after = null;
        do {
            JsonObject page = new JsonObject(DeliveryWorld.sim.get("/sim/groups?limit=1000" + (after == null ? "" : "&after=" + after)));
            JsonArray list = page.getJsonArray("groups");
            for (int i = 0; i < list.size(); i++) {
                out.put(list.getJsonObject(i).getString("id"), list.getJsonObject(i).getLong("accepted"));
            }
            after = page.getString("next");
        } while (after != null);
        return out;
    }
}
