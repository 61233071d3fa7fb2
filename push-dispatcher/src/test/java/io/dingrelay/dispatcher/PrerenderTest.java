package io.dingrelay.dispatcher;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dingrelay.dispatcher.config.PushConfig;
import io.dingrelay.dispatcher.persistence.CampaignStore;
import io.dingrelay.dispatcher.persistence.RunStore;
import io.dingrelay.dispatcher.planning.Planner;
import io.dingrelay.dispatcher.schedule.ScheduleTicker;
import io.dingrelay.dispatcher.service.DashboardImages;
import io.dingrelay.dispatcher.support.AudienceServer;
import io.dingrelay.dispatcher.support.DeliveryWorld;
import io.dingrelay.dispatcher.support.ScreenshotWorkerSide;
import io.dingrelay.events.registry.AudienceEntry;
import io.dingrelay.events.registry.GroupKind;
import io.dingrelay.events.screenshot.ScreenshotRequest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Pre-render (issue 13 item 5, docs/decisions.md "pre-render policy"), on the real {@code screenshot.requests} and
 * {@code screenshot.ready} topics with the test playing the screenshot-worker ({@link ScreenshotWorkerSide}): a
 * scheduled campaign with a dashboard asks for its render {@code prerender.lead} before the fire time, once, with
 * {@code fireAt}; the run embeds the READY image of its fire time; a FAILED answer sends it at once without the image
 * (the markdown image becomes a link to the dashboard's page); no answer sends it without the image after
 * {@code prerender.wait}; an on-demand run asks when it starts and embeds the answer.
 */
@QuarkusTest
class PrerenderTest {

    static final String MARKDOWN = "#### {{group.title}} {{time}}\\n确诊 12\\n![趋势]({{dashboard.url}})";

    @Inject
    CampaignStore campaigns;
    @Inject
    RunStore runs;
    @Inject
    Planner planner;
    @Inject
    PushConfig config;
    @Inject
    DashboardImages dashboards;

    static ScreenshotWorkerSide worker;

    static ScreenshotWorkerSide worker() {
        if (worker == null) {
            worker = new ScreenshotWorkerSide(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        }
        return worker;
    }

    @AfterAll
    static void close() {
        if (worker != null) {
            worker.close();
            worker = null;
        }
    }

    @Test
    void aScheduledRunAsksAheadOnceAndEmbedsTheImageRenderedForItsFireTime() {
        AudienceEntry group = group("pre-ready");
        Instant slot = oddSlot(1);
        String campaign = scheduled("pre-ready", "trend-ready", slot);
        ScheduleTicker replica = ticker();

        replica.superviseAndFire(slot.minus(Duration.ofMinutes(3))).await().atMost(Duration.ofSeconds(30));
        assertThat(worker().requestsFor("trend-ready")).as("3 minutes ahead, over the 2-minute lead").isEmpty();
        replica.superviseAndFire(slot.minus(Duration.ofSeconds(90))).await().atMost(Duration.ofSeconds(30));
        replica.superviseAndFire(slot.minus(Duration.ofSeconds(30))).await().atMost(Duration.ofSeconds(30));
        ScreenshotRequest request = single(worker().requestsFor("trend-ready"));
        assertThat(request.fireAt()).isEqualTo(slot);
        assertThat(request.requestId()).isEqualTo("trend-ready@" + slot);

        String image = "https://img.example/images/" + "a".repeat(64) + ".png";
        answered(() -> worker().ready(request, image));
        replica.superviseAndFire(slot.plusSeconds(1)).await().atMost(Duration.ofSeconds(30));

        String text = markdownShown(group, campaign);
        assertThat(text).contains("![趋势](" + image + ")").contains(group.title());
        assertThat(worker().requestsFor("trend-ready")).as("the run did not ask again").hasSize(1);
    }

    @Test
    void aFailedRenderSendsTheRunAtOnceWithALinkInsteadOfTheImage() {
        AudienceEntry group = group("pre-failed");
        Instant slot = oddSlot(2);
        String campaign = scheduled("pre-failed", "trend-failed", slot);
        ScheduleTicker replica = ticker();
        replica.superviseAndFire(slot.minus(Duration.ofSeconds(60))).await().atMost(Duration.ofSeconds(30));
        ScreenshotRequest request = single(worker().requestsFor("trend-failed"));

        answered(() -> worker().failed(request, "page never became ready (timeout 10 s)"));
        double failed = images("failed");
        replica.superviseAndFire(slot.plusSeconds(1)).await().atMost(Duration.ofSeconds(30));

        String text = markdownShown(group, campaign);
        assertThat(text).contains("[趋势](" + DeliveryWorld.audience.url() + "/dashboards/trend-failed)").doesNotContain("![");
        assertThat(images("failed")).as("ended by the FAILED answer, not by the wait").isEqualTo(failed + 1);
    }

    @Test
    void withoutAnAnswerTheRunWaitsItsLimitThenGoesWithoutTheImage() {
        AudienceEntry group = group("pre-silent");
        Instant slot = oddSlot(3);
        String campaign = scheduled("pre-silent", "trend-silent", slot);
        double timeouts = images("timeout");

        // No replica was up at T − lead: the run asks when it fires, and nobody answers.
        ticker().superviseAndFire(slot.plusSeconds(1)).await().atMost(Duration.ofSeconds(30));

        String text = markdownShown(group, campaign);
        assertThat(text).contains("[趋势](" + DeliveryWorld.audience.url() + "/dashboards/trend-silent)").doesNotContain("![");
        assertThat(single(worker().requestsFor("trend-silent")).fireAt()).isEqualTo(slot);
        assertThat(images("timeout")).isEqualTo(timeouts + 1);
    }

    @Test
    void anOnDemandRunAsksWhenItStartsAndEmbedsTheAnswer() {
        AudienceEntry group = group("pre-now");
        DeliveryWorld.audience.dashboards.add("trend-now");
        String campaign = admin().body("{\"name\":\"now\",\"message\":{\"msgtype\":\"markdown\",\"markdown\":{\"title\":\"t\",\"text\":\""
                        + MARKDOWN + "\"}},\"audience\":{\"tags\":[\"pre-now\"]},\"dashboard\":\"trend-now\"}")
                .post("/api/campaigns").then().statusCode(201).extract().path("id");
        admin().post("/api/campaigns/" + campaign + "/runs").then().statusCode(202);

        ScreenshotRequest request = await().atMost(Duration.ofSeconds(30)).until(() -> worker().requestsFor("trend-now"), l -> !l.isEmpty()).get(0);
        assertThat(request.fireAt()).isNotNull();
        String image = "https://img.example/images/" + "b".repeat(64) + ".png";
        worker().ready(request, image);

        assertThat(markdownShown(group, campaign)).contains("![趋势](" + image + ")");
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    ScheduleTicker ticker() {
        return new ScheduleTicker(campaigns, runs, planner, config, dashboards);
    }

    static AudienceEntry group(String tag) {
        return DeliveryWorld.groups(1, tag, GroupKind.CUSTOM_WEBHOOK, "none", List.of(tag)).get(0);
    }

    /**
     * A fire time {@code hours} ahead at minute 37:17 of its hour: the ticker fires every campaign due at that time,
     * and other test classes' campaigns in this database fire on the hour (09:00, 17:00) within their 10-minute grace,
     * so a slot near a full hour would also fire theirs (and count their dashboards' images).
     */
    static Instant oddSlot(int hours) {
        return Instant.now().plus(Duration.ofHours(hours)).truncatedTo(ChronoUnit.HOURS).plus(Duration.ofMinutes(37)).plusSeconds(17);
    }

    static String scheduled(String tag, String dashboard, Instant slot) {
        DeliveryWorld.audience.dashboards.add(dashboard);
        return admin().body("{\"name\":\"" + tag + "\",\"message\":{\"msgtype\":\"markdown\",\"markdown\":{\"title\":\"t\",\"text\":\""
                        + MARKDOWN + "\"}},\"audience\":{\"tags\":[\"" + tag + "\"]},\"dashboard\":\"" + dashboard + "\","
                        + "\"schedule\":{\"cron\":\"" + ScheduleTest.daily(slot) + "\",\"zone\":\"UTC\"}}")
                .post("/api/campaigns").then().statusCode(201).extract().path("id");
    }

    static RequestSpecification admin() {
        return given().header("Authorization", "Bearer " + AudienceServer.TOKEN).contentType("application/json");
    }

    static ScreenshotRequest single(List<ScreenshotRequest> requests) {
        assertThat(requests).hasSize(1);
        return requests.get(0);
    }

    /** Publishes the worker's answer and waits until the dispatcher has read it (its records counter moved). */
    static void answered(Runnable publish) {
        double before = received();
        publish.run();
        await().atMost(Duration.ofSeconds(60)).until(() -> received() > before);
    }

    /** The markdown text the simulator shows for the group once the campaign's only run has FINISHED. */
    static String markdownShown(AudienceEntry group, String campaign) {
        await().atMost(Duration.ofSeconds(120)).until(() -> {
            List<Map<String, Object>> list = admin().get("/api/campaigns/" + campaign + "/runs").then().statusCode(200).extract().jsonPath().getList("$");
            return list.size() == 1 && "FINISHED".equals(list.get(0).get("status"));
        });
        JsonArray messages = new JsonObject(DeliveryWorld.sim.get("/sim/groups/" + DeliveryWorld.simId(group.groupId().value()) + "/messages"))
                .getJsonArray("messages");
        assertThat(messages).hasSize(1);
        return messages.getJsonObject(0).getJsonObject("message").getJsonObject("markdown").getString("text");
    }

    static double received() {
        return metric("dingrelay_dispatcher_records_total{channel=\"screenshot-ready-in\",result=\"received\"}");
    }

    static double images(String result) {
        return metric("dingrelay_push_dashboard_images_total{result=\"" + result + "\"}");
    }

    static double metric(String series) {
        return given().get("/q/metrics").then().statusCode(200).extract().asString().lines().filter(l -> l.startsWith(series + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
