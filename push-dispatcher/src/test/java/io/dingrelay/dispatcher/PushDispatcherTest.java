package io.dingrelay.dispatcher;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.dingrelay.client.EgressClients;
import io.dingrelay.dispatcher.messaging.PushPublisher;
import io.dingrelay.flow.FlowControl;
import io.dingrelay.flow.config.FlowLimits;
import io.dingrelay.events.EventJson;
import io.dingrelay.events.ids.CampaignId;
import io.dingrelay.events.ids.GroupId;
import io.dingrelay.events.ids.RunId;
import io.dingrelay.events.push.DeliveryTarget;
import io.dingrelay.events.push.PushBatch;
import io.dingrelay.events.push.PushMessage;
import io.dingrelay.events.registry.GroupKind;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The dispatcher starts against a real broker and database: healthy, measured, migrated, wired to Kafka. */
@QuarkusTest
class PushDispatcherTest {

    @Inject
    DataSource dataSource;

    @Inject
    PushPublisher publisher;

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
    void migrationCreatedCampaignsRunsAndTheDeliveryLedger() throws Exception {
        List<String> tables = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                ResultSet rs = c.createStatement().executeQuery(
                        "select table_name from information_schema.tables where table_schema = 'public'")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        assertThat(tables).contains("campaigns", "runs", "deliveries", "flyway_schema_history", "flow_control_buckets");
    }

    @Inject
    FlowControl flow;

    @Inject
    EgressClients clients;

    @Test
    void flowControlAndTheEgressClientsShareTheirAddresses() {
        assertThat(flow.egressAddresses()).containsExactly(FlowControl.DEFAULT_EGRESS);
        assertThat(clients.addresses()).isEqualTo(flow.egressAddresses());
        // the robot budget is DingTalk's less the margin; the IP and app budgets are raised in %test (application.properties)
        assertThat(flow.limits().robot()).isEqualTo(FlowLimits.defaults().robot());
    }

    @Test
    void aPublishedBatchComesBackToTheSendersAndIsCounted() {
        PushBatch batch = new PushBatch("b-1", RunId.of("run-test-1"), CampaignId.of("c-test"), "p7",
                new PushMessage(EventJson.mapper().createObjectNode().put("msgtype", "text"), EventJson.mapper().createObjectNode(),
                        "Asia/Shanghai", Instant.now(), null),
                List.of(new DeliveryTarget(GroupId.of("g-1"), GroupKind.CUSTOM_WEBHOOK, "群", "k1", "Y2lwaGVy", null, null)), Instant.now());

        double before = received();
        publisher.batch(batch).await().atMost(Duration.ofSeconds(30));

        // Polled as text: a RestAssured body matcher would print the whole scrape to the log on every miss.
        await().atMost(Duration.ofSeconds(60)).until(() -> received() == before + 1);
    }

    private static double received() {
        return metrics().lines().filter(l -> l.startsWith("dingrelay_dispatcher_records_total{channel=\"batches-in\",result=\"received\"}"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private static String metrics() {
        return given().when().get("/q/metrics").then().statusCode(200).extract().asString();
    }
}
