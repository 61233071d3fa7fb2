package io.dingrelay.registry;

import static io.dingrelay.registry.Api.admin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dingrelay.events.Topics;
import io.dingrelay.events.ids.GroupId;
import io.dingrelay.events.ids.RunId;
import io.dingrelay.events.push.DeliveryOutcome;
import io.dingrelay.events.push.DeliveryStatus;
import io.dingrelay.testkit.KafkaResource;
import io.dingrelay.testkit.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Delivery outcomes through the real topic disable dead groups; operators re-enable them. */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(PostgresResource.class)
class OutcomesTest {

    private static final Instant T = Instant.parse("2026-12-01T08:00:00Z");

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private String newGroup() {
        return admin().contentType(ContentType.JSON).body(Map.of("title", "o", "webhook", Api.webhook(Api.token())))
                .post("/api/groups").then().statusCode(201).extract().path("id");
    }

    private void send(DeliveryOutcome... outcomes) {
        Kafka.send(bootstrap, Topics.PUSH_OUTCOMES, List.of(outcomes), o -> ((DeliveryOutcome) o).groupId().value());
    }

    private static DeliveryOutcome outcome(String run, String group, int attempt, DeliveryStatus status, String code,
            Duration after) {
        return new DeliveryOutcome(RunId.of(run), GroupId.of(group), attempt, status, code, "m", T.plus(after));
    }

    private static JsonPath group(String id) {
        return admin().get("/api/groups/" + id).then().statusCode(200).extract().jsonPath();
    }

    @Test
    void aPermanentFailureDisablesAndAnOperatorReEnables() {
        String id = newGroup();
        send(outcome("run1", id, 1, DeliveryStatus.FAILED, "400013", Duration.ZERO));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(group(id).getString("status")).isEqualTo("DISABLED"));
        assertThat(group(id).getString("statusReason")).startsWith("permanent failure 400013");
        assertThat(AudienceTest.audience("groupIds=" + id)).isEmpty();

        admin().contentType(ContentType.JSON).body(Map.of("status", "ACTIVE")).patch("/api/groups/" + id).then()
                .statusCode(200);
        assertThat(group(id).getString("status")).isEqualTo("ACTIVE");
        assertThat(AudienceTest.audience("groupIds=" + id)).hasSize(1);
    }

    @Test
    void retryableFailuresPastTheWindowDisableRepeatsCountOnceAndSuccessClears() {
        String id = newGroup();
        DeliveryOutcome first = outcome("run2", id, 1, DeliveryStatus.RETRY_SCHEDULED, "-1", Duration.ZERO);
        send(first, first, outcome("run2", id, 2, DeliveryStatus.RETRY_SCHEDULED, "-1", Duration.ofDays(1)));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(group(id).getInt("consecutiveFailures")).isEqualTo(2));
        send(first);
        send(outcome("run3", id, 1, DeliveryStatus.DELIVERED, null, Duration.ofDays(2)));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(group(id).getString("lastOutcome")).isEqualTo("DELIVERED"));
        assertThat(group(id).getInt("consecutiveFailures")).isZero();
        assertThat(group(id).getString("failingSince")).isNull();

        send(outcome("run4", id, 1, DeliveryStatus.RETRY_SCHEDULED, "-1", Duration.ofDays(3)),
                outcome("run4", id, 2, DeliveryStatus.DEAD_LETTERED, "-1", Duration.ofDays(6)),
                outcome("run5", id, 1, DeliveryStatus.RETRY_SCHEDULED, "-1", Duration.ofDays(8)));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(group(id).getString("status")).isEqualTo("DISABLED"));
        assertThat(group(id).getString("statusReason")).startsWith("delivery failing since 2026-12-04T08:00:00Z");
        assertThat(group(id).getInt("consecutiveFailures")).isEqualTo(3);
    }
}
