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
import io.dingrelay.events.registry.GroupKind;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Schedules: a slot fires once however many tickers race for it (the unique index decides), the run it creates is
 * planned and sent, a slot found after the grace is recorded as MISSED, a paused campaign's slots are skipped.
 */
@QuarkusTest
class ScheduleTest {

    static final String TAG = "schedule-test";

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

    @BeforeAll
    static void groups() {
        DeliveryWorld.groups(5, "sch", GroupKind.CUSTOM_WEBHOOK, "none", List.of(TAG));
    }

    static RequestSpecification admin() {
        return given().header("Authorization", "Bearer " + AudienceServer.TOKEN).contentType("application/json");
    }

    /** A daily cron at {@code at} (UTC), so the test decides which slot is due. */
    static String daily(Instant at) {
        ZonedDateTime t = at.atZone(ZoneOffset.UTC);
        return t.getSecond() + " " + t.getMinute() + " " + t.getHour() + " * * ?";
    }

    String campaign(String cron, String grace) {
        return admin().body("{\"name\":\"sched\",\"message\":{\"msgtype\":\"text\",\"text\":{\"content\":\"{{group.title}} {{time}}\"}},"
                        + "\"audience\":{\"tags\":[\"" + TAG + "\"]},\"schedule\":{\"cron\":\"" + cron + "\",\"zone\":\"UTC\",\"grace\":\"" + grace + "\"}}")
                .post("/api/campaigns").then().statusCode(201).extract().path("id");
    }

    List<Map<String, Object>> runsOf(String campaign) {
        return admin().get("/api/campaigns/" + campaign + "/runs").then().statusCode(200).extract().jsonPath().getList("$");
    }

    @Test
    void aSlotFiresOnceWhateverTheNumberOfReplicasAndIsDelivered() {
        Instant slot = Instant.now().plusSeconds(2).truncatedTo(ChronoUnit.SECONDS);
        String id = campaign(daily(slot), "PT10M");
        // Four more "replicas" racing the application's own ticker at the slot: each has its own memory.
        List<ScheduleTicker> replicas = List.of(new ScheduleTicker(campaigns, runs, planner, config, dashboards),
                new ScheduleTicker(campaigns, runs, planner, config, dashboards), new ScheduleTicker(campaigns, runs, planner, config, dashboards),
                new ScheduleTicker(campaigns, runs, planner, config, dashboards));
        await().atMost(Duration.ofSeconds(10)).until(() -> !Instant.now().isBefore(slot));
        Uni.join().all(replicas.stream().map(r -> r.superviseAndFire(Instant.now())).toList()).andFailFast().await().atMost(Duration.ofSeconds(30));

        await().atMost(Duration.ofSeconds(60)).until(() -> runsOf(id).size() == 1 && "FINISHED".equals(runsOf(id).get(0).get("status")));
        Map<String, Object> run = runsOf(id).get(0);
        assertThat(run.get("trigger")).isEqualTo("SCHEDULE");
        assertThat(Instant.parse((String) run.get("scheduledFor"))).isEqualTo(slot);
        JsonPath progress = admin().get("/api/runs/" + run.get("runId")).then().statusCode(200).extract().jsonPath();
        assertThat(progress.getLong("delivered")).isEqualTo(5);

        // Later ticks of every replica find the same slot already taken.
        Uni.join().all(replicas.stream().map(r -> r.superviseAndFire(Instant.now())).toList()).andFailFast().await().atMost(Duration.ofSeconds(30));
        assertThat(runsOf(id)).hasSize(1);
    }

    @Test
    void aSlotFoundAfterTheGraceIsRecordedAsMissedAndOneWithinItRuns() {
        Instant slot = Instant.now().plusSeconds(3600).truncatedTo(ChronoUnit.SECONDS);
        String late = campaign(daily(slot), "PT10M");
        String onTime = campaign(daily(slot), "PT30M");
        ScheduleTicker replica = new ScheduleTicker(campaigns, runs, planner, config, dashboards);

        // Every replica was down from before the slot until 20 minutes after it.
        replica.superviseAndFire(slot.plus(Duration.ofMinutes(20))).await().atMost(Duration.ofSeconds(30));

        assertThat(runsOf(late)).singleElement().satisfies(r -> {
            assertThat(r.get("status")).isEqualTo("MISSED");
            assertThat((String) r.get("reason")).contains("1200 s late").contains("grace of 600 s");
        });
        await().atMost(Duration.ofSeconds(60)).until(() -> runsOf(onTime).size() == 1 && "FINISHED".equals(runsOf(onTime).get(0).get("status")));
    }

    @Test
    void aPausedCampaignSkipsItsSlots() {
        Instant slot = Instant.now().plusSeconds(7200).truncatedTo(ChronoUnit.SECONDS);
        String id = campaign(daily(slot), "PT10M");
        admin().post("/api/campaigns/" + id + "/pause").then().statusCode(200);

        new ScheduleTicker(campaigns, runs, planner, config, dashboards).superviseAndFire(slot.plusSeconds(1)).await().atMost(Duration.ofSeconds(30));

        assertThat(runsOf(id)).isEmpty();
    }
}
