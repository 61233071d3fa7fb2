package io.dingrelay.dispatcher;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.dingrelay.dispatcher.support.AudienceServer;
import io.dingrelay.dispatcher.support.DeliveryWorld;
import io.dingrelay.events.registry.GroupKind;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The campaigns API: what it stores, and every bad campaign refused at creation with its field and reason. */
@QuarkusTest
class CampaignApiTest {

    static final String TAG = "api-test";
    static String longTitleGroup;

    @BeforeAll
    static void groups() {
        DeliveryWorld.groups(3, "api", GroupKind.CUSTOM_WEBHOOK, "none", List.of(TAG));
        DeliveryWorld.groups(1, "apioa", GroupKind.ENTERPRISE_ROBOT, "none", List.of(TAG, "api-openapi"));
        JsonObject g = new JsonObject(DeliveryWorld.sim.post("/sim/groups",
                new JsonObject().put("name", "长".repeat(600)).put("security", "none").encode()));
        longTitleGroup = "apilong-" + g.getString("id");
        DeliveryWorld.register(g, longTitleGroup, GroupKind.CUSTOM_WEBHOOK, List.of("api-long"));
        DeliveryWorld.audience.dashboards.add("epidemic");
    }

    static RequestSpecification admin() {
        return given().header("Authorization", "Bearer " + AudienceServer.TOKEN).contentType("application/json");
    }

    static String markdown(String text) {
        return new JsonObject().put("msgtype", "markdown")
                .put("markdown", new JsonObject().put("title", "{{group.title}} 日报").put("text", text)).encode();
    }

    @Test
    void createsAScheduledCampaignAndShowsIt() {
        String id = admin().body("{\"name\":\"每日通报\",\"message\":" + markdown("#### {{date}} {{time}} 确诊 {{vars.confirmed}}\n![]({{dashboard.url}})")
                        + ",\"vars\":{\"confirmed\":12},\"audience\":{\"tags\":[\"" + TAG + "\"]},"
                        + "\"schedule\":{\"cron\":\"0 0 9,17 * * ?\",\"zone\":\"Asia/Shanghai\",\"stagger\":\"PT5M\"},\"dashboard\":\"epidemic\"}")
                .post("/api/campaigns").then().statusCode(201)
                .body("id", notNullValue()).body("status", equalTo("ACTIVE")).body("audienceSize", equalTo(4))
                .body("schedule.cron", equalTo("0 0 9,17 * * ?")).body("schedule.grace", equalTo("PT10M"))
                .extract().path("id");

        admin().get("/api/campaigns/" + id).then().statusCode(200).body("name", equalTo("每日通报"))
                .body("vars.confirmed", equalTo(12)).body("dashboard", equalTo("epidemic"));
    }

    static Stream<Arguments> badCampaigns() {
        String audience = ",\"audience\":{\"tags\":[\"" + TAG + "\"]}";
        String ok = markdown("hi");
        return Stream.of(
                Arguments.of("no name", "{\"message\":" + ok + audience + "}", "name", "is required"),
                Arguments.of("invalid cron", "{\"name\":\"n\",\"message\":" + ok + audience
                        + ",\"schedule\":{\"cron\":\"0 0 25 * * ?\",\"zone\":\"Asia/Shanghai\"}}", "schedule.cron", "Quartz cron"),
                Arguments.of("five-field cron", "{\"name\":\"n\",\"message\":" + ok + audience
                        + ",\"schedule\":{\"cron\":\"0 9 * * *\",\"zone\":\"Asia/Shanghai\"}}", "schedule.cron", "Quartz cron"),
                Arguments.of("invalid zone", "{\"name\":\"n\",\"message\":" + ok + audience
                        + ",\"schedule\":{\"cron\":\"0 0 9 * * ?\",\"zone\":\"Mars/Olympus\"}}", "schedule.zone", "Mars/Olympus"),
                Arguments.of("bad stagger", "{\"name\":\"n\",\"message\":" + ok + audience
                        + ",\"schedule\":{\"cron\":\"0 0 9 * * ?\",\"zone\":\"Asia/Shanghai\",\"stagger\":\"5 minutes\"}}",
                        "schedule.stagger", "ISO-8601"),
                Arguments.of("unknown msgtype", "{\"name\":\"n\",\"message\":{\"msgtype\":\"voice\",\"voice\":{}}" + audience + "}",
                        "message.msgtype", "msgtype"),
                Arguments.of("missing required field", "{\"name\":\"n\",\"message\":{\"msgtype\":\"markdown\",\"markdown\":{\"title\":\"t\"}}"
                        + audience + "}", "message.markdown.text", "markdown.text"),
                Arguments.of("unknown variable", "{\"name\":\"n\",\"message\":" + markdown("确诊 {{vars.nope}}") + ",\"vars\":{\"confirmed\":1}"
                        + audience + "}", "message.markdown.text", "{{vars.nope}}"),
                Arguments.of("dashboard variable without a dashboard", "{\"name\":\"n\",\"message\":" + markdown("![]({{dashboard.url}})")
                        + audience + "}", "message.markdown.text", "no dashboard"),
                Arguments.of("dashboard that does not exist", "{\"name\":\"n\",\"message\":" + ok + audience
                        + ",\"dashboard\":\"no-such-dashboard\"}", "dashboard", "does not exist"),
                Arguments.of("audience matching no group", "{\"name\":\"n\",\"message\":" + ok
                        + ",\"audience\":{\"groupIds\":[\"no-such-group\"]}}", "audience", "matches no active group"),
                Arguments.of("unknown tag", "{\"name\":\"n\",\"message\":" + ok + ",\"audience\":{\"tags\":[\"no-such-tag\"]}}",
                        "audience.tags", "no-such-tag"),
                Arguments.of("unknown kind", "{\"name\":\"n\",\"message\":" + ok + ",\"audience\":{\"kind\":\"FAX\"}}",
                        "audience.kind", "CUSTOM_WEBHOOK"),
                Arguments.of("too large for the longest group title", "{\"name\":\"n\",\"message\":" + markdown("{{group.title}}" + "字".repeat(6_200))
                        + ",\"audience\":{\"tags\":[\"api-long\",\"" + TAG + "\"]}}", "message", "longest group title"),
                Arguments.of("feedCard to OpenAPI groups", "{\"name\":\"n\",\"message\":{\"msgtype\":\"feedCard\",\"feedCard\":{\"links\":"
                        + "[{\"title\":\"t\",\"messageURL\":\"https://a.b/c\",\"picURL\":\"https://a.b/p.png\"}]}}"
                        + ",\"audience\":{\"tags\":[\"api-openapi\"]}}", "message.msgtype", "OpenAPI"),
                Arguments.of("message not an object", "{\"name\":\"n\",\"message\":\"hello\"" + audience + "}", "message", "message object"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCampaigns")
    void badCampaignIsRefusedAtCreationNamingTheField(String what, String body, String field, String reason) {
        int before = campaignCount();
        admin().body(body).post("/api/campaigns").then().statusCode(400)
                .body("field", equalTo(field)).body("error", containsString(reason));
        assertThat(campaignCount()).isEqualTo(before);
    }

    @Test
    void theSameMessageFitsShorterTitles() {
        admin().body("{\"name\":\"n\",\"message\":" + markdown("{{group.title}}" + "字".repeat(6_200))
                + ",\"audience\":{\"tags\":[\"" + TAG + "\"],\"kind\":\"CUSTOM_WEBHOOK\"}}").post("/api/campaigns").then().statusCode(201);
    }

    @Test
    void pauseResumeArchive() {
        String id = admin().body("{\"name\":\"p\",\"message\":" + markdown("hi") + ",\"audience\":{\"tags\":[\"" + TAG + "\"]}}")
                .post("/api/campaigns").then().statusCode(201).extract().path("id");

        admin().post("/api/campaigns/" + id + "/pause").then().statusCode(200).body("status", equalTo("PAUSED"));
        admin().post("/api/campaigns/" + id + "/runs").then().statusCode(409).body("field", equalTo("status"));
        admin().body("{\"status\":\"ACTIVE\"}").patch("/api/campaigns/" + id).then().statusCode(200).body("status", equalTo("ACTIVE"));
        admin().body("{\"name\":\"renamed\"}").patch("/api/campaigns/" + id).then().statusCode(200).body("name", equalTo("renamed"));
        admin().body("{\"schedule\":{\"cron\":\"nope\",\"zone\":\"Asia/Shanghai\"}}").patch("/api/campaigns/" + id).then()
                .statusCode(400).body("field", equalTo("schedule.cron"));
        admin().post("/api/campaigns/" + id + "/archive").then().statusCode(200).body("status", equalTo("ARCHIVED"));
        admin().post("/api/campaigns/" + id + "/resume").then().statusCode(409);
        admin().post("/api/campaigns/" + id + "/runs").then().statusCode(409);
    }

    @Test
    void aDoubleClickIsOneRun() {
        String id = admin().body("{\"name\":\"dc\",\"message\":" + markdown("hi") + ",\"audience\":{\"tags\":[\"" + TAG + "\"],"
                + "\"kind\":\"CUSTOM_WEBHOOK\"}}").post("/api/campaigns").then().statusCode(201).extract().path("id");

        String first = admin().header("Idempotency-Key", "click-1").post("/api/campaigns/" + id + "/runs").then().statusCode(202)
                .body("created", equalTo(true)).extract().path("runId");
        String second = admin().header("Idempotency-Key", "click-1").post("/api/campaigns/" + id + "/runs").then().statusCode(200)
                .body("created", equalTo(false)).extract().path("runId");
        String other = admin().header("Idempotency-Key", "click-2").post("/api/campaigns/" + id + "/runs").then().statusCode(202)
                .extract().path("runId");

        assertThat(second).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
        assertThat(admin().get("/api/campaigns/" + id + "/runs").then().statusCode(200).extract().jsonPath().getList("runId")).hasSize(2);
    }

    @Test
    void adminApisNeedTheBearerToken() {
        given().get("/api/campaigns").then().statusCode(401);
        given().header("Authorization", "Bearer wrong").get("/api/campaigns").then().statusCode(401);
        given().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void unknownRunAndCampaignAre404() {
        admin().get("/api/runs/nope").then().statusCode(404);
        admin().get("/api/campaigns/nope").then().statusCode(404);
    }

    static int campaignCount() {
        return admin().get("/api/campaigns?limit=1000").then().statusCode(200).extract().jsonPath().getList("$").size();
    }
}
