package io.dingrelay.dispatcher;

import static io.dingrelay.dispatcher.LimitsTest.admin;
import static io.dingrelay.dispatcher.LimitsTest.progress;
import static io.dingrelay.dispatcher.LimitsTest.rejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dingrelay.dispatcher.support.DeliveryWorld;
import io.dingrelay.events.registry.AudienceEntry;
import io.dingrelay.events.registry.GroupKind;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Digest instead of a ban (issue 11 item 7) on the real path: testkit's Kafka and PostgreSQL, the senders with
 * flow-control's per-robot budget (18/min), the simulator enforcing DingTalk's 20 per robot per minute (a 21st is
 * 410100 and a 10-minute ban). An alerting campaign firing 40 alerts at one group within a minute — each alert its own
 * run, its text set by a PATCH of the campaign's vars as an alerting tool would — reaches the group in at most 20
 * messages, every alert's text exactly once in what the simulator recorded, no ban; a campaign without the option
 * sends each of its messages on its own.
 */
@QuarkusTest
@TestProfile(LimitsProfile.class)
class DigestTest {

    static final int ALERTS = 40;
    static final int PLAIN = 10;
    static final Pattern ALERT = Pattern.compile("ALERT-(\\d+)-END");

    @BeforeAll
    static void robotLimitOn() {
        DeliveryWorld.sim.delete("/sim/faults");
        DeliveryWorld.sim.put("/sim/limits", "{\"ipEnabled\":true,\"appQpsEnabled\":true,\"robotEnabled\":true,\"ipCalls\":"
                + LimitsProfile.SIM_IP_CALLS + "}");
    }

    @AfterAll
    static void limitsBack() {
        DeliveryWorld.sim.delete("/sim/limits");
    }

    @Test
    void fortyAlertsInAMinuteReachTheGroupInAtMostTwentyMessagesEachAlertOnceNoBan() {
        AudienceEntry group = DeliveryWorld.groups(1, "digest", GroupKind.CUSTOM_WEBHOOK, "none", List.of("digest")).get(0);
        long bansBefore = rejected("410100") + rejected("130101");
        String campaign = createCampaign("digest", true);
        assertThat(admin().get("/api/campaigns/" + campaign).then().statusCode(200).extract().jsonPath().getBoolean("digest")).isTrue();

        List<String> runs = fire(campaign, ALERTS);
        runs.forEach(run -> await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500))
                .until(() -> "FINISHED".equals(progress(run).getString("status"))));

        List<JsonObject> messages = messagesOf(group);
        assertThat(messages).as("messages the group received").hasSizeLessThanOrEqualTo(20);
        assertThat(alertCounts(messages)).as("how often each alert's text appears").containsExactlyElementsOf(ones(ALERTS));
        assertThat(messages).as("at least one digest").anyMatch(m -> m.getJsonObject("message").getJsonObject("markdown")
                .getString("title").startsWith("消息汇总"));
        assertThat(rejected("410100") + rejected("130101")).as("robot bans").isEqualTo(bansBefore);
        assertThat(new JsonObject(DeliveryWorld.sim.get("/sim/groups/" + DeliveryWorld.simId(group.groupId().value())))
                .getLong("rejected")).isZero();
        // the ledger: every alert DELIVERED, those merged marked so
        int digested = 0;
        for (String run : runs) {
            JsonPath p = progress(run);
            assertThat(p.getLong("delivered")).isEqualTo(1);
            JsonPath row = LimitsTest.delivery(run, group.groupId().value());
            assertThat(row.getString("status")).isEqualTo("DELIVERED");
            if ("digest".equals(row.getString("lastCode"))) {
                digested++;
            }
        }
        assertThat(digested).isGreaterThan(ALERTS - 20);
    }

    @Test
    void aCampaignWithoutTheOptionSendsEachMessageOnItsOwn() {
        AudienceEntry group = DeliveryWorld.groups(1, "nodigest", GroupKind.CUSTOM_WEBHOOK, "none", List.of("nodigest")).get(0);
        String campaign = createCampaign("nodigest", false);
        List<String> runs = fire(campaign, PLAIN);
        runs.forEach(run -> await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                .until(() -> "FINISHED".equals(progress(run).getString("status"))));

        List<JsonObject> messages = messagesOf(group);
        assertThat(messages).hasSize(PLAIN);
        assertThat(alertCounts(messages)).containsExactlyElementsOf(ones(PLAIN));
        assertThat(messages).noneMatch(m -> m.getJsonObject("message").getJsonObject("markdown").getString("title").startsWith("消息汇总"));
    }

    private static String createCampaign(String tag, boolean digest) {
        String message = new JsonObject().put("msgtype", "markdown").put("markdown", new JsonObject()
                .put("title", "告警 {{vars.n}}").put("text", "#### CPU 告警 ALERT-{{vars.n}}-END\n主机 {{vars.host}}")).encode();
        return admin().body("{\"name\":\"" + tag + "\",\"message\":" + message + ",\"vars\":{\"n\":0,\"host\":\"db-1\"},"
                        + "\"audience\":{\"tags\":[\"" + tag + "\"]},\"digest\":" + digest + "}")
                .post("/api/campaigns").then().statusCode(201).extract().path("id");
    }

    /** One run per alert, its vars PATCHed first; the next only once this one is planned (its message is built then). */
    private static List<String> fire(String campaign, int n) {
        List<String> runs = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            admin().body("{\"vars\":{\"n\":" + i + ",\"host\":\"db-" + i + "\"}}").patch("/api/campaigns/" + campaign).then().statusCode(200);
            String run = admin().post("/api/campaigns/" + campaign + "/runs").then().statusCode(202).extract().path("runId");
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                    .until(() -> progress(run).getString("plannedAt") != null);
            runs.add(run);
        }
        return runs;
    }

    private static List<JsonObject> messagesOf(AudienceEntry group) {
        JsonArray list = new JsonObject(DeliveryWorld.sim.get("/sim/groups/" + DeliveryWorld.simId(group.groupId().value()) + "/messages"))
                .getJsonArray("messages");
        List<JsonObject> out = new ArrayList<>();
        list.forEach(m -> out.add((JsonObject) m));
        return out;
    }

    /** For alert 1..n, how many times its marker appears in all the messages' texts. */
    private static List<Integer> alertCounts(List<JsonObject> messages) {
        int max = 0;
        List<Integer> seen = new ArrayList<>();
        for (JsonObject m : messages) {
            Matcher x = ALERT.matcher(m.getJsonObject("message").getJsonObject("markdown").getString("text"));
            while (x.find()) {
                seen.add(Integer.parseInt(x.group(1)));
            }
        }
        for (int s : seen) {
            max = Math.max(max, s);
        }
        List<Integer> counts = new ArrayList<>();
        for (int i = 1; i <= Math.max(max, 1); i++) {
            final int k = i;
            counts.add((int) seen.stream().filter(s -> s == k).count());
        }
        return counts;
    }

    private static List<Integer> ones(int n) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(1);
        }
        return out;
    }
}
