package io.dingrelay.screenshot;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.dingrelay.events.EventJson;
import io.dingrelay.events.Topics;
import io.dingrelay.events.ids.DashboardId;
import io.dingrelay.events.screenshot.ScreenshotRequest;
import io.dingrelay.testkit.KafkaResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The worker starts against a real broker: healthy, measured, consuming render requests. */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
class ScreenshotWorkerTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void readyWithKafkaCheckUp() {
        given().when().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("Kafka connection health check"));
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void renderRequestsAreConsumedAndCountedInMetrics() {
        ScreenshotRequest request = new ScreenshotRequest(DashboardId.of("daily"), "r-1", 800, 400, Instant.now());
        try (KafkaCompanion kafka = new KafkaCompanion(bootstrapServers)) {
            kafka.produceStrings().fromRecords(
                    new ProducerRecord<>(Topics.SCREENSHOT_REQUESTS, "daily", EventJson.write(request)))
                    .awaitCompletion(Duration.ofSeconds(30));
        }
        // Polled as text: a RestAssured body matcher would print the whole scrape to the log on every miss.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(metrics())
                .contains("dingrelay_screenshot_records_total{channel=\"requests-in\",result=\"received\"} 1.0"));
    }

    private static String metrics() {
        return given().when().get("/q/metrics").then().statusCode(200).extract().asString();
    }
}
