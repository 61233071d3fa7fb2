package io.dingrelay.screenshot;

import static io.dingrelay.screenshot.TestSupport.admin;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dingrelay.events.EventJson;
import io.dingrelay.events.Topics;
import io.dingrelay.events.ids.DashboardId;
import io.dingrelay.events.screenshot.ScreenshotReady;
import io.dingrelay.events.screenshot.ScreenshotRequest;
import io.dingrelay.testkit.KafkaResource;
import io.dingrelay.testkit.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code screenshot.requests} → {@code screenshot.ready} on the real broker, as the dispatcher uses them: a
 * pre-render for a scheduled fire time, its idempotence, the failure answer, unreadable records.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaResource.class, restrictToAnnotatedClass = false,
        initArgs = @ResourceArg(name = "topics", value = "screenshot.requests,screenshot.ready"))
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false,
        initArgs = @ResourceArg(name = "database", value = "screenshot_worker"))
class ScreenshotTopicsTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    KafkaCompanion kafka;
    /** Everything on screenshot.ready since the topic's beginning, as the dispatcher's consumer would see it. */
    ConsumerTask<String, String> ready;

    @BeforeEach
    void connect() {
        kafka = new KafkaCompanion(bootstrapServers);
        ready = kafka.consumeStrings().withGroupId("test-" + UUID.randomUUID())
                .withOffsetReset(org.apache.kafka.clients.consumer.OffsetResetStrategy.EARLIEST)
                .fromTopics(Topics.SCREENSHOT_READY);
    }

    @AfterEach
    void close() {
        ready.stop();
        kafka.close();
    }

    void request(ScreenshotRequest r) {
        kafka.produceStrings().fromRecords(new ProducerRecord<>(Topics.SCREENSHOT_REQUESTS, r.dashboardId().value(),
                EventJson.write(r))).awaitCompletion(Duration.ofSeconds(30));
    }

    /** The ready event answering {@code requestId}. */
    ConsumerRecord<String, String> readyFor(String requestId) {
        return await().atMost(Duration.ofSeconds(90)).until(() -> ready.getRecords().stream()
                .filter(r -> EventJson.read(r.value(), ScreenshotReady.class).requestId().equals(requestId))
                .findFirst(), java.util.Optional::isPresent).orElseThrow();
    }

    static void seed(String dataset, String dashboard) {
        admin().contentType("text/csv; charset=utf-8")
                .body("date,region,confirmed\n2026-11-29,湖北,10\n2026-11-30,湖北,14\n2026-11-30,广东,9\n")
                .when().post("/api/datasets/" + dataset + "/points").then().statusCode(200);
        admin().contentType("application/json").body("""
                {"id":"%s","title":"定时推送","dataset":"%s","width":600,"height":400,
                 "charts":[{"type":"headline","metrics":["confirmed"]},{"type":"bar","metrics":["confirmed"]}]}"""
                .formatted(dashboard, dataset)).when().post("/api/dashboards").then().statusCode(201);
    }

    @Test
    void aPreRenderForAFireTimeIsAnsweredOnceWithTheImageAndReusedAtFireTime() {
        seed("pre-ds", "pre");
        Instant fireAt = Instant.now().plus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.SECONDS);
        double rendersBefore = TestSupport.renders("ok");

        // The dispatcher asks a lead time before the run.
        request(new ScreenshotRequest(DashboardId.of("pre"), "run-1:pre", 0, 0, Instant.now(), fireAt));
        ConsumerRecord<String, String> record = readyFor("run-1:pre");
        ScreenshotReady ready = EventJson.read(record.value(), ScreenshotReady.class);

        assertThat(record.key()).isEqualTo("pre");
        assertThat(header(record, "ce_type")).isEqualTo("io.dingrelay.screenshot.ready.v1");
        assertThat(ready.ready()).isTrue();
        assertThat(ready.status()).isEqualTo(ScreenshotReady.READY);
        assertThat(ready.dashboardId()).isEqualTo(DashboardId.of("pre"));
        assertThat(ready.dataVersion()).isEqualTo("v1.r1");
        assertThat(ready.fireAt()).isEqualTo(fireAt);
        assertThat(ready.imageUrl()).isEqualTo("https://img.dingrelay.test/images/" + ready.sha256() + ".png");
        byte[] png = given().when().get("/images/" + ready.sha256() + ".png").then().statusCode(200).extract().asByteArray();
        assertThat(TestSupport.png(png).getWidth()).isEqualTo(600);

        // A redelivery and a second replica's request for the same run: same image, no second render.
        request(new ScreenshotRequest(DashboardId.of("pre"), "run-1:pre", 0, 0, Instant.now(), fireAt));
        request(new ScreenshotRequest(DashboardId.of("pre"), "run-1:pre:again", 0, 0, Instant.now(), fireAt));
        assertThat(EventJson.read(readyFor("run-1:pre:again").value(), ScreenshotReady.class).imageUrl())
                .isEqualTo(ready.imageUrl());
        // At fire time, with data unchanged, "render now" answers the pre-rendered picture.
        String atFire = admin().contentType("application/json").body("{}").when().post("/api/dashboards/pre/snapshots")
                .then().statusCode(200).extract().path("imageUrl");
        assertThat(atFire).isEqualTo(ready.imageUrl());
        assertThat(TestSupport.renders("ok")).isEqualTo(rendersBefore + 1);
    }

    @Test
    void anUnknownDashboardIsAnsweredAsFailedSoTheDispatcherStopsWaiting() {
        request(new ScreenshotRequest(DashboardId.of("missing"), "run-2:missing", 0, 0, Instant.now(), Instant.now()));
        ScreenshotReady ready = EventJson.read(readyFor("run-2:missing").value(), ScreenshotReady.class);
        assertThat(ready.ready()).isFalse();
        assertThat(ready.status()).isEqualTo(ScreenshotReady.FAILED);
        assertThat(ready.imageUrl()).isNull();
        assertThat(ready.error()).isEqualTo("unknown dashboard 'missing'");
    }

    @Test
    void unreadableRecordsAreCountedAndSkipped() {
        double before = TestSupport.metric("dingrelay_screenshot_records_total", "{channel=\"requests-in\",result=\"malformed\"}");
        kafka.produceStrings().fromRecords(new ProducerRecord<>(Topics.SCREENSHOT_REQUESTS, "x", "{not json"))
                .awaitCompletion(Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(60)).until(() -> TestSupport.metric("dingrelay_screenshot_records_total",
                "{channel=\"requests-in\",result=\"malformed\"}") == before + 1);
        // The consumer goes on: a later request is answered.
        seed("after-bad-ds", "after-bad");
        request(new ScreenshotRequest(DashboardId.of("after-bad"), "run-3", 0, 0, Instant.now()));
        assertThat(EventJson.read(readyFor("run-3").value(), ScreenshotReady.class).ready()).isTrue();
    }

    static String header(ConsumerRecord<String, String> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
