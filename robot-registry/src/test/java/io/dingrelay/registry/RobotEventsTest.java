package io.dingrelay.registry;

import static io.dingrelay.registry.Api.admin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dingrelay.events.Topics;
import io.dingrelay.events.ids.AppName;
import io.dingrelay.events.ids.ConversationId;
import io.dingrelay.events.ids.CorpId;
import io.dingrelay.events.ids.EventId;
import io.dingrelay.events.ids.RobotCode;
import io.dingrelay.events.robot.RobotEvent;
import io.dingrelay.events.robot.RobotEventKind;
import io.dingrelay.testkit.KafkaResource;
import io.dingrelay.testkit.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Robot events through the real topic: repeated, reordered and late events, org revocation. */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(PostgresResource.class)
class RobotEventsTest {

    private static final Instant T = Instant.parse("2026-12-01T08:00:00Z");

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    static RobotEvent event(String id, RobotEventKind kind, String corp, String cid, String title, int seconds) {
        return new RobotEvent(EventId.of(id), kind, AppName.of("demo"), CorpId.of(corp),
                cid == null ? null : ConversationId.of(cid), RobotCode.of("ding-robot"),
                kind == RobotEventKind.COOL_APP_INSTALLED ? "COOLAPP" : null, title, null, T.plusSeconds(seconds));
    }

    /**
     * Waits until everything sent before for {@code cid} is applied: a ROBOT_SEEN for the same conversation (same
     * record key, so the same partition, after the others) under another app, which creates its own group.
     */
    private void awaitApplied(String cid) {
        String app = Api.unique("marker");
        send(new RobotEvent(EventId.of(Api.unique("ev")), RobotEventKind.ROBOT_SEEN, AppName.of(app), CorpId.of("m"),
                ConversationId.of(cid), RobotCode.of("r"), null, "marker", null, T));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(admin()
                .get("/api/groups?app=" + app + "&openConversationId=" + cid).then().statusCode(200).extract()
                .jsonPath().getList("items")).hasSize(1));
    }

    private void send(Object... events) {
        Kafka.send(bootstrap, Topics.ROBOT_EVENTS, List.of(events),
                e -> e instanceof RobotEvent r ? r.key() : "broken");
    }

    private static JsonPath group(String cid) {
        return admin().get("/api/groups?app=demo&openConversationId=" + cid).then().statusCode(200).extract().jsonPath();
    }

    private static void awaitGroup(String cid, String status, String title) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonPath g = group(cid);
            assertThat(g.getList("items")).hasSize(1);
            assertThat(g.getString("items[0].status")).isEqualTo(status);
            if (title != null) {
                assertThat(g.getString("items[0].title")).isEqualTo(title);
            }
        });
    }

    @Test
    void installRenameRepeatAndALateInstallAfterTheDisband() {
        String cid = Api.unique("cid");
        String e = Api.unique("ev");
        send(event(e + "1", RobotEventKind.COOL_APP_INSTALLED, "corpA", cid, "群一", 0),
                event(e + "2", RobotEventKind.GROUP_RENAMED, "corpA", cid, "群二", 10),
                // the same rename again, and an older rename arriving late: neither changes anything
                event(e + "2", RobotEventKind.GROUP_RENAMED, "corpA", cid, "群二", 10),
                event(e + "3", RobotEventKind.GROUP_RENAMED, "corpA", cid, "旧名", 5));
        awaitGroup(cid, "ACTIVE", "群二");
        assertThat(group(cid).getString("items[0].kind")).isEqualTo("COOL_APP");
        assertThat(group(cid).getString("items[0].lastEventAt")).isEqualTo("2026-12-01T08:00:10Z");

        send(event(e + "4", RobotEventKind.GROUP_DISBANDED, "corpA", cid, null, 30));
        awaitGroup(cid, "REMOVED", null);
        // a re-delivered install from before the disband, under a new id: must not resurrect the group
        send(event(e + "5", RobotEventKind.COOL_APP_INSTALLED, "corpA", cid, "群零", 20),
                event(e + "1", RobotEventKind.COOL_APP_INSTALLED, "corpA", cid, "群一", 0));
        awaitApplied(cid);
        assertThat(group(cid).getString("items[0].status")).isEqualTo("REMOVED");
        assertThat(group(cid).getString("items[0].statusReason")).isEqualTo("group disbanded");
        assertThat(group(cid).getString("items[0].title")).isEqualTo("群二");
    }

    @Test
    void anEventWithANulInItsTitleIsSkippedAndHoldsUpNoOther() {
        // Before: PostgreSQL refused the text, the batch's transaction failed and was retried for minutes, and the
        // other group's install in the same batch waited with it (found by the reliability drill).
        String bad = Api.unique("cid");
        String good = Api.unique("cid");
        String e = Api.unique("ev");
        send(event(e + "1", RobotEventKind.COOL_APP_INSTALLED, "corpA", bad, "群\u0000一", 0),
                event(e + "2", RobotEventKind.COOL_APP_INSTALLED, "corpA", good, "群二", 0));
        awaitGroup(good, "ACTIVE", "群二");
        awaitApplied(bad);
        assertThat(group(bad).getList("items")).isEmpty();
    }

    @Test
    void aDisbandArrivingBeforeItsInstallKeepsTheGroupRemoved() {
        String cid = Api.unique("cid");
        String e = Api.unique("ev");
        send(event(e + "2", RobotEventKind.GROUP_DISBANDED, "corpB", cid, null, 20));
        awaitGroup(cid, "REMOVED", null);
        send(event(e + "1", RobotEventKind.COOL_APP_INSTALLED, "corpB", cid, "early", 10));
        awaitApplied(cid);
        assertThat(group(cid).getString("items[0].status")).isEqualTo("REMOVED");
    }

    @Test
    void revokingAnOrganisationDisablesEveryGroupOfItButNotOthers() {
        String corp = Api.unique("corp");
        String e = Api.unique("ev");
        String a = Api.unique("cid");
        String b = Api.unique("cid");
        String other = Api.unique("cid");
        send(event(e + "1", RobotEventKind.ROBOT_SEEN, corp, a, "a", 0),
                event(e + "2", RobotEventKind.COOL_APP_INSTALLED, corp, b, "b", 0),
                event(e + "3", RobotEventKind.ROBOT_SEEN, "someone-else", other, "o", 0),
                event(e + "4", RobotEventKind.ORG_AUTH_REVOKED, corp, null, null, 60));
        awaitGroup(a, "DISABLED", null);
        awaitGroup(b, "DISABLED", null);
        assertThat(group(a).getString("items[0].statusReason")).isEqualTo("organisation authorisation revoked");
        awaitGroup(other, "ACTIVE", null);
    }

    @Test
    void eventsMissingFieldsOrOfUnknownKindsAreCountedAndSkipped() {
        String cid = Api.unique("cid");
        send("{\"eventId\":\"" + Api.unique("ev") + "\",\"kind\":\"ROBOT_DANCED\",\"app\":\"demo\",\"occurredAt\":\"2026-12-01T08:00:00Z\"}",
                "{\"eventId\":\"" + Api.unique("ev") + "\",\"kind\":\"GROUP_RENAMED\",\"app\":\"demo\",\"occurredAt\":\"2026-12-01T08:00:00Z\"}",
                event(Api.unique("ev"), RobotEventKind.GROUP_RENAMED, "c", Api.unique("never-seen"), "x", 0),
                event(Api.unique("ev"), RobotEventKind.ROBOT_SEEN, "c", cid, "ok", 0));
        awaitGroup(cid, "ACTIVE", "ok");
        String metrics = io.restassured.RestAssured.given().get("/q/metrics").then().extract().asString();
        assertThat(metrics).contains("dingrelay_registry_records_total{channel=\"robot-events\",result=\"malformed\"}")
                .contains("dingrelay_registry_robot_events_total{result=\"invalid\"}")
                .contains("dingrelay_registry_robot_events_total{result=\"unknown_group\"}");
    }
}
