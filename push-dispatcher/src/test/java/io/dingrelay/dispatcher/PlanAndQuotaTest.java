package io.dingrelay.dispatcher;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dingrelay.dispatcher.support.AudienceServer;
import io.dingrelay.dispatcher.support.DeliveryWorld;
import io.dingrelay.events.registry.GroupKind;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The capacity plan against a measured run (issue 11 item 6: within 10 %), and the quota API (item 8's read side).
 * The egress IP budget is scaled down to 100 calls / 2 s (burst 2, 43.6 / s sustained), so 1,000 webhook groups take
 * ~23 s; webhooks count against the organisation {@code dingtest}'s monthly quota of 1,100.
 */
@QuarkusTest
@TestProfile(PlanAndQuotaTest.ScaledDown.class)
class PlanAndQuotaTest {

    public static class ScaledDown implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("dingrelay.push.limits.ip-calls", "100", "dingrelay.push.limits.ip-window", "2s",
                    "dingrelay.push.limits.max-wait", "30s",
                    "dingrelay.push.limits.org-monthly-quota", "1100", "dingrelay.push.limits.webhook-corp-id", "dingtest",
                    "dingrelay.push.limits.quota-warning", "0.8");
        }
    }

    static final String TAG = "plan-1k";
    static final int GROUPS = 1_000;

    static RequestSpecification admin() {
        return given().header("Authorization", "Bearer " + AudienceServer.TOKEN).contentType("application/json");
    }

    @Test
    void planMatchesTheMeasuredRunAndTheQuotaIsShown() {
        DeliveryWorld.groups(GROUPS, "pl", GroupKind.CUSTOM_WEBHOOK, "none", List.of(TAG));
        String message = "{\"msgtype\":\"text\",\"text\":{\"content\":\"{{group.title}} 容量评估\"}}";
        String campaign = admin().body("{\"name\":\"plan\",\"message\":" + message + ",\"audience\":{\"tags\":[\"" + TAG + "\"]}}")
                .post("/api/campaigns").then().statusCode(201).extract().path("id");

        JsonPath quota = admin().get("/api/quota").then().statusCode(200).extract().jsonPath();
        assertThat(quota.getBoolean("enforced")).isTrue();
        assertThat(quota.getLong("limit")).isEqualTo(1_100);
        assertThat(quota.getList("corps.corpId")).contains("dingtest");
        Map<String, Object> before = corp(quota, "dingtest");
        assertThat(((Number) before.get("used")).longValue()).isZero();
        assertThat(before.get("warning")).isEqualTo(false);

        JsonPath plan = admin().get("/api/campaigns/" + campaign + "/plan").then().statusCode(200).extract().jsonPath();
        assertThat(plan.getLong("audience.total")).isEqualTo(GROUPS);
        assertThat(plan.getLong("audience.byKind.CUSTOM_WEBHOOK")).isEqualTo(GROUPS);
        assertThat(plan.getLong("audience.byKind.ENTERPRISE_ROBOT")).isZero();
        assertThat(plan.getString("binding")).isEqualTo("EGRESS_IP");
        assertThat(plan.getLong("totalSends")).isEqualTo(GROUPS);
        assertThat(plan.getInt("budgets.egressAddresses")).isEqualTo(1);
        double planned = plan.getDouble("minimumDurationSeconds");
        // (1,000 − burst 2) / (98 per 2.25 s)
        assertThat(planned).isCloseTo(998 / (98 / 2.25), org.assertj.core.data.Offset.offset(0.01));
        assertThat(plan.getString("expectedFinish")).isNotNull();
        assertThat(plan.getBoolean("quota.enforced")).isTrue();
        assertThat(plan.getBoolean("quota.exceeded")).isFalse();
        assertThat(plan.getList("quota.byCorp.corpId")).containsExactly("dingtest");

        JsonPath started = admin().post("/api/campaigns/" + campaign + "/runs").then().statusCode(202).extract().jsonPath();
        String runId = started.getString("runId");
        assertThat(started.getString("plan.binding")).isEqualTo("EGRESS_IP");
        assertThat(started.getLong("plan.totalSends")).isEqualTo(GROUPS);
        assertThat(started.getDouble("plan.minimumDurationSeconds")).isEqualTo(planned);
        Instant expectedFinish = Instant.parse(started.getString("plan.expectedFinish"));

        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                .until(() -> "FINISHED".equals(admin().get("/api/runs/" + runId).then().extract().path("status")));
        JsonPath deliveries = admin().get("/api/runs/" + runId + "/deliveries?status=DELIVERED&limit=1000").then().statusCode(200)
                .extract().jsonPath();
        List<String> at = deliveries.getList("deliveries.deliveredAt");
        assertThat(at).hasSize(GROUPS);
        Instant first = at.stream().map(Instant::parse).min(Instant::compareTo).orElseThrow();
        Instant last = at.stream().map(Instant::parse).max(Instant::compareTo).orElseThrow();
        double measured = Duration.between(first, last).toMillis() / 1000.0;
        System.out.printf("PLAN vs MEASURED: %d webhook sends, plan minimum %.2f s, measured first→last delivery %.2f s (%.1f %%), "
                        + "expected finish %s, last delivery %s (%+.2f s)%n", GROUPS, planned, measured, 100 * measured / planned,
                expectedFinish, last, Duration.between(expectedFinish, last).toMillis() / 1000.0);
        assertThat(measured).isBetween(planned * 0.9, planned * 1.1);

        // The run's sends are counted against dingtest's month; past 80 % the warning is up.
        JsonPath after = admin().get("/api/quota?corpId=dingother").then().statusCode(200).extract().jsonPath();
        Map<String, Object> used = corp(after, "dingtest");
        assertThat(((Number) used.get("used")).longValue()).isBetween((long) GROUPS, (long) GROUPS + 10);
        assertThat(((Number) used.get("left")).longValue()).isEqualTo(1_100 - ((Number) used.get("used")).longValue());
        assertThat(used.get("warning")).isEqualTo(true);
        assertThat(((Number) corp(after, "dingother").get("used")).longValue()).isZero();
        admin().get("/api/quota?corpId=" + "x".repeat(65)).then().statusCode(400);

        // The same campaign again would exceed the quota: the plan says so and gives no finish time.
        JsonPath again = admin().get("/api/campaigns/" + campaign + "/plan").then().statusCode(200).extract().jsonPath();
        assertThat(again.getBoolean("quota.exceeded")).isTrue();
        assertThat(again.getString("binding")).isEqualTo("MONTHLY_QUOTA");
        assertThat(again.getString("bindingScope")).isEqualTo("org-month:dingtest");
        assertThat(again.getString("expectedFinish")).isNull();
        admin().get("/api/campaigns/no-such/plan").then().statusCode(404);
    }

    static Map<String, Object> corp(JsonPath quota, String corpId) {
        List<Map<String, Object>> corps = quota.getList("corps");
        return corps.stream().filter(c -> corpId.equals(c.get("corpId"))).findFirst().orElseThrow();
    }
}
