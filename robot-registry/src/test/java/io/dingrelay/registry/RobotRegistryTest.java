package io.dingrelay.registry;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.dingrelay.events.EventJson;
import io.dingrelay.events.Topics;
import io.dingrelay.events.ids.AppName;
import io.dingrelay.events.ids.ConversationId;
import io.dingrelay.events.ids.CorpId;
import io.dingrelay.events.ids.EventId;
import io.dingrelay.events.robot.RobotEvent;
import io.dingrelay.events.robot.RobotEventKind;
import io.dingrelay.testkit.KafkaResource;
import io.dingrelay.testkit.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The registry starts against a real broker and database: healthy, measured, migrated, consuming. */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(PostgresResource.class)
class RobotRegistryTest {

    @Inject
    DataSource dataSource;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void readyWithKafkaAndDatabaseChecksUp() {
        given().when().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("Kafka connection health check",
                        "Reactive PostgreSQL connections health check"));
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void migrationCreatedTheRegistryTables() throws Exception {
        List<String> tables = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                ResultSet rs = c.createStatement().executeQuery(
                        "select table_name from information_schema.tables where table_schema = 'public'")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        assertThat(tables).contains("groups", "processed_events", "flyway_schema_history").doesNotContain("group_tags");
    }

    @Test
    void robotEventsAreConsumedAndCountedInMetrics() {
        String received = "dingrelay_registry_records_total{channel=\"robot-events\",result=\"received\"}";
        String malformed = "dingrelay_registry_records_total{channel=\"robot-events\",result=\"malformed\"}";
        double receivedBefore = value(metrics(), received);
        double malformedBefore = value(metrics(), malformed);
        RobotEvent event = new RobotEvent(EventId.of("ev-registry-test-" + System.nanoTime()), RobotEventKind.GROUP_RENAMED,
                AppName.of("demo"), CorpId.of("ding-corp"), ConversationId.of("cid-registry-test"), null, null,
                "New title", null, Instant.now());
        try (KafkaCompanion kafka = new KafkaCompanion(bootstrapServers)) {
            kafka.produceStrings().fromRecords(
                    new ProducerRecord<>(Topics.ROBOT_EVENTS, event.key(), EventJson.write(event)),
                    new ProducerRecord<>(Topics.ROBOT_EVENTS, "cid-broken", "{not json"))
                    .awaitCompletion(Duration.ofSeconds(30));
        }
        // Polled as text: a RestAssured body matcher would print the whole scrape to the log on every miss.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            String text = metrics();
            assertThat(value(text, received)).isGreaterThanOrEqualTo(receivedBefore + 1);
            assertThat(value(text, malformed)).isGreaterThanOrEqualTo(malformedBefore + 1);
        });
    }

    private static double value(String metrics, String series) {
        return metrics.lines().filter(l -> l.startsWith(series + " ")).findFirst()
                .map(l -> Double.parseDouble(l.substring(series.length() + 1).trim())).orElse(0.0);
    }

    private static String metrics() {
        return given().when().get("/q/metrics").then().statusCode(200).extract().asString();
    }
}
