package io.dingrelay.dispatcher;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dingrelay.dispatcher.support.AudienceServer;
import io.dingrelay.dispatcher.support.DeliveryWorld;
import io.dingrelay.events.registry.GroupKind;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A run whose planning fails (the registry restarting when the planner asks for the audience) is planned again once
 * its lease has lapsed, and delivered: it never stays PLANNING for good. The drill found this (issue 15): the replica
 * that had failed kept renewing the lease of the run it was no longer planning, so no replica took it up again.
 */
@QuarkusTest
class PlanningRetryTest {

    static final String TAG = "planning-retry-test";
    static final int GROUPS = 4;

    @BeforeAll
    static void groups() {
        DeliveryWorld.groups(GROUPS, "plr", GroupKind.CUSTOM_WEBHOOK, "none", List.of(TAG));
    }

    static RequestSpecification admin() {
        return given().header("Authorization", "Bearer " + AudienceServer.TOKEN).contentType("application/json");
    }

    @Test
    void aPlanThatFailedIsTakenUpAgainAfterItsLeaseAndDelivered() {
        String campaign = admin().body("{\"name\":\"planning retry\",\"message\":{\"msgtype\":\"text\",\"text\":{\"content\":\"{{group.title}} 复盘\"}},"
                        + "\"audience\":{\"tags\":[\"" + TAG + "\"]}}")
                .post("/api/campaigns").then().statusCode(201).extract().path("id");
        AudienceServer registry = DeliveryWorld.audience;
        int refusedBefore = registry.refused.get();
        String runId;
        registry.unavailable = true;
        try {
            JsonPath started = admin().post("/api/campaigns/" + campaign + "/runs").then().statusCode(202).extract().jsonPath();
            runId = started.getString("runId");
            assertThat(started.getString("planError")).as("the start answer says the audience could not be counted").isNotBlank();
            // the plan of the answer and the planner itself have both been refused
            await().atMost(Duration.ofSeconds(30)).until(() -> registry.refused.get() >= refusedBefore + 2);
        } finally {
            registry.unavailable = false;
        }
        assertThat(admin().get("/api/runs/" + runId).then().statusCode(200).extract().<String>path("status")).isEqualTo("PLANNING");

        // the lease (30 s) lapses, a replica's tick takes the run up again, and every group gets its message
        await().atMost(Duration.ofSeconds(120)).until(() -> "FINISHED".equals(admin().get("/api/runs/" + runId).then().extract().path("status")));
        JsonPath progress = admin().get("/api/runs/" + runId).then().statusCode(200).extract().jsonPath();
        assertThat(progress.getLong("delivered")).isEqualTo(GROUPS);
        assertThat(progress.getLong("failed")).isZero();
    }
}
