package io.dingrelay.dispatcher;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dingrelay.dispatcher.support.AudienceServer;
import io.dingrelay.dispatcher.support.ChatBridgeServer;
import io.dingrelay.dispatcher.support.DeliveryWorld;
import io.dingrelay.events.registry.AudienceEntry;
import io.dingrelay.events.registry.GroupKind;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code {{checkInSummary}}} (issue 12 item 4): each group's summary is asked of chat-bridge at send time (the
 * {@link ChatBridgeServer} stand-in follows chat-bridge's API) and rendered into its message; a group without
 * check-ins, and a webhook group chat-bridge cannot know, get the "none" text; a summary over the maximum is cut;
 * chat-bridge answering errors or not answering at all gives every group the "unavailable" text and every delivery
 * still goes out.
 */
@QuarkusTest
class CheckInSummaryTest {

    static final String NONE = "暂无打卡记录";
    static final String UNAVAILABLE = "打卡汇总暂时无法获取";

    @AfterEach
    void up() {
        DeliveryWorld.chatBridge.mode.set(ChatBridgeServer.Mode.UP);
    }

    @Test
    void eachGroupGetsItsOwnSummaryAtSendTime() {
        List<AudienceEntry> openApi = DeliveryWorld.groups(3, "cis", GroupKind.ENTERPRISE_ROBOT, "none", List.of("cis-up"));
        AudienceEntry webhook = DeliveryWorld.groups(1, "ciw", GroupKind.CUSTOM_WEBHOOK, "none", List.of("cis-up")).get(0);
        String checkedIn = "12月1日打卡 2 人，其中异常 1 人：小红 体温37.8 ⚠";
        DeliveryWorld.chatBridge.summaries.put(conversation(openApi.get(0)), checkedIn);
        DeliveryWorld.chatBridge.summaries.put(conversation(openApi.get(2)), "打".repeat(3_000));

        JsonPath run = runFor("cis-up");

        assertThat(run.getLong("delivered")).isEqualTo(4);
        assertThat(shown(openApi.get(0))).contains(openApi.get(0).title() + " 打卡：" + checkedIn);
        assertThat(shown(openApi.get(1))).contains(" 打卡：" + NONE);
        assertThat(shown(openApi.get(2))).contains(" 打卡：" + "打".repeat(1_999) + "…").doesNotContain("打".repeat(2_000));
        assertThat(shown(webhook)).contains(webhook.title() + " 打卡：" + NONE);
    }

    @Test
    void chatBridgeAnsweringErrorsNeverFailsADelivery() {
        List<AudienceEntry> groups = DeliveryWorld.groups(2, "cie", GroupKind.ENTERPRISE_ROBOT, "none", List.of("cis-error"));
        groups.forEach(g -> DeliveryWorld.chatBridge.summaries.put(conversation(g), "12月1日打卡 5 人"));
        DeliveryWorld.chatBridge.mode.set(ChatBridgeServer.Mode.ERROR);

        JsonPath run = runFor("cis-error");

        assertThat(run.getLong("delivered")).isEqualTo(2);
        groups.forEach(g -> assertThat(shown(g)).contains(" 打卡：" + UNAVAILABLE));
    }

    @Test
    void chatBridgeNotAnsweringIsTimedOutAndTheMessageGoesWithTheFallback() {
        List<AudienceEntry> groups = DeliveryWorld.groups(2, "cih", GroupKind.ENTERPRISE_ROBOT, "none", List.of("cis-hang"));
        groups.forEach(g -> DeliveryWorld.chatBridge.summaries.put(conversation(g), "12月1日打卡 5 人"));
        DeliveryWorld.chatBridge.mode.set(ChatBridgeServer.Mode.HANGING);
        int asked = DeliveryWorld.chatBridge.asked.get();

        JsonPath run = runFor("cis-hang");

        assertThat(run.getLong("delivered")).isEqualTo(2);
        assertThat(DeliveryWorld.chatBridge.asked.get()).isGreaterThanOrEqualTo(asked + 2);
        groups.forEach(g -> assertThat(shown(g)).contains(" 打卡：" + UNAVAILABLE));
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    static String conversation(AudienceEntry g) {
        return g.openApi().openConversationId().value();
    }

    static RequestSpecification admin() {
        return given().header("Authorization", "Bearer " + AudienceServer.TOKEN).contentType("application/json");
    }

    /** Creates a campaign with {@code {{checkInSummary}}} for the tag, runs it and answers its progress once FINISHED. */
    static JsonPath runFor(String tag) {
        String campaign = admin().body("{\"name\":\"" + tag + "\",\"message\":{\"msgtype\":\"text\",\"text\":{\"content\":"
                        + "\"{{group.title}} 打卡：{{checkInSummary}}\"}},\"audience\":{\"tags\":[\"" + tag + "\"]}}")
                .post("/api/campaigns").then().statusCode(201).extract().path("id");
        String runId = admin().post("/api/campaigns/" + campaign + "/runs").then().statusCode(202).extract().path("runId");
        await().atMost(Duration.ofSeconds(120)).until(() -> "FINISHED".equals(admin().get("/api/runs/" + runId).then().extract().path("status")));
        return admin().get("/api/runs/" + runId).then().statusCode(200).extract().jsonPath();
    }

    /** The message the simulator shows in the group (one per group in these tests), as JSON text. */
    static String shown(AudienceEntry g) {
        JsonArray messages = new JsonObject(DeliveryWorld.sim.get("/sim/groups/" + DeliveryWorld.simId(g.groupId().value()) + "/messages"))
                .getJsonArray("messages");
        assertThat(messages).hasSize(1);
        return messages.getJsonObject(0).getJsonObject("message").encode();
    }
}
