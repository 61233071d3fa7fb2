package io.dingrelay.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dingrelay.events.CloudEventTypes;
import io.dingrelay.events.EventJson;
import io.dingrelay.events.Topics;
import io.dingrelay.events.robot.RobotEvent;
import io.dingrelay.events.robot.RobotEventKind;
import io.dingrelay.gateway.support.Callbacks;
import io.dingrelay.gateway.support.GatewayTopics;
import io.dingrelay.gateway.support.Samples;
import io.dingrelay.gateway.support.TestApps;
import io.dingrelay.gateway.support.TestAppsResource;
import io.dingrelay.gateway.support.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Event pushes end to end: HTTP → gateway → real Kafka → read back. */
@QuarkusTest
@WithTestResource(GatewayTopics.class)
@WithTestResource(TestAppsResource.class)
class EventCallbackTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    TopicReader topics;

    @BeforeEach
    void open() {
        topics = new TopicReader(bootstrap);
    }

    @AfterEach
    void close() {
        topics.close();
    }

    static Response push(TestApps.App app, Callbacks.EventPush push) {
        return given().urlEncodingEnabled(false)
                .contentType("application/json; charset=utf-8")
                .body(push.body())
                .post("/dingtalk/apps/" + app.name() + "/events?" + push.query());
    }

    @Test
    void urlCheckIsAnsweredWithTheEncryptedSuccessAndNotPublished() {
        var before = topics.endOffsets(GatewayTopics.TOPICS.keySet());

        Response answer = push(TestApps.MAIN, Callbacks.eventPush(TestApps.MAIN, Samples.checkUrl()));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.contentType()).startsWith("application/json");
        // What DingTalk checks: the reply verifies with our token and decrypts to "success" for our ownerKey.
        assertThat(Callbacks.crypto(TestApps.MAIN).decryptReply(answer.asString())).isEqualTo("success");
        JsonNode reply = EventJson.read(answer.asString(), JsonNode.class);
        assertThat(reply.fieldNames()).toIterable().containsExactlyInAnyOrder("msg_signature", "timeStamp", "nonce", "encrypt");
        assertThat(topics.endOffsets(GatewayTopics.TOPICS.keySet())).isEqualTo(before);
    }

    @Test
    void suiteUrlChecksAreAnsweredToo() {
        for (String check : List.of("{\"EventType\":\"check_create_suite_url\",\"Random\":\"brdkKLMW\",\"TestSuiteKey\":\"suite1\"}",
                "{\"EventType\":\"check_update_suite_url\",\"Random\":\"xxxxxx\",\"TestSuiteKey\":\"suited6db0pze8yao1b1y\"}")) {
            Response answer = push(TestApps.MAIN, Callbacks.eventPush(TestApps.MAIN, check));
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(Callbacks.crypto(TestApps.MAIN).decryptReply(answer.asString())).isEqualTo("success");
        }
    }

    @Test
    void lifecycleEventGoesUnchangedToTheAuditLogAndNormalisedToTheRegistry() {
        String eventId = Samples.uid("ev");
        String corpId = Samples.uid("ding");
        String cid = Samples.uid("cid");
        String plaintext = Samples.chatDisband(eventId, corpId, cid);

        Response answer = push(TestApps.MAIN, Callbacks.eventPush(TestApps.MAIN, plaintext));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(Callbacks.crypto(TestApps.MAIN).decryptReply(answer.asString())).isEqualTo("success");

        ConsumerRecord<String, String> raw = only(topics.readAll(Topics.DINGTALK_EVENTS), eventId);
        assertThat(raw.key()).isEqualTo(corpId);
        assertThat(raw.value()).isEqualTo(plaintext);
        assertThat(TopicReader.header(raw, "ce_specversion")).isEqualTo("1.0");
        assertThat(TopicReader.header(raw, "ce_type")).isEqualTo(CloudEventTypes.DINGTALK_EVENT);
        assertThat(TopicReader.header(raw, "ce_subject")).isEqualTo("chat_disband");
        assertThat(TopicReader.header(raw, "ce_source")).isEqualTo("/dingrelay/callback-gateway/apps/main");
        assertThat(TopicReader.header(raw, "ce_time")).isEqualTo("2022-09-14T08:15:35.567Z");
        assertThat(TopicReader.header(raw, "content-type")).isEqualTo("application/json");

        ConsumerRecord<String, String> normalised = only(topics.readAll(Topics.ROBOT_EVENTS), eventId);
        assertThat(normalised.key()).isEqualTo(cid);
        assertThat(TopicReader.header(normalised, "ce_type")).isEqualTo("io.dingrelay.robot.group-disbanded.v1");
        RobotEvent event = EventJson.read(normalised.value(), RobotEvent.class);
        assertThat(event.kind()).isEqualTo(RobotEventKind.GROUP_DISBANDED);
        assertThat(event.app().value()).isEqualTo("main");
        assertThat(event.corpId().value()).isEqualTo(corpId);
        assertThat(event.conversationId().value()).isEqualTo(cid);
        assertThat(event.operator()).isEqualTo("10203029011219896");
    }

    @Test
    void coolAppInstallCarriesTheRobotAndTheCoolApp() {
        String eventId = Samples.uid("ev");
        String cid = Samples.uid("cid");

        Response answer = push(TestApps.MAIN, Callbacks.eventPush(TestApps.MAIN,
                Samples.coolAppInstall(eventId, "dingcorp1", cid, "rBLBXuiaA2rn3")));

        assertThat(answer.statusCode()).isEqualTo(200);
        RobotEvent event = EventJson.read(only(topics.readAll(Topics.ROBOT_EVENTS), eventId).value(), RobotEvent.class);
        assertThat(event.kind()).isEqualTo(RobotEventKind.COOL_APP_INSTALLED);
        assertThat(event.robotCode().value()).isEqualTo("rBLBXuiaA2rn3");
        assertThat(event.coolAppCode()).isEqualTo("COOLAPP-1-1018");
        assertThat(event.occurredAt().toEpochMilli()).isEqualTo(1641866135051L);
    }

    @Test
    void renameCarriesTheNewTitle() {
        String eventId = Samples.uid("ev");
        push(TestApps.MAIN, Callbacks.eventPush(TestApps.MAIN,
                Samples.chatUpdateTitle(eventId, "dingcorp1", Samples.uid("cid"), "新群名"))).then().statusCode(200);

        RobotEvent event = EventJson.read(only(topics.readAll(Topics.ROBOT_EVENTS), eventId).value(), RobotEvent.class);
        assertThat(event.kind()).isEqualTo(RobotEventKind.GROUP_RENAMED);
        assertThat(event.title()).isEqualTo("新群名");
    }

    @Test
    void otherEventsGoOnlyToTheAuditLog() {
        String eventId = Samples.uid("ev");
        push(TestApps.MAIN, Callbacks.eventPush(TestApps.MAIN,
                Samples.chatAddMember(eventId, "dingcorp1", Samples.uid("cid")))).then().statusCode(200);

        assertThat(only(topics.readAll(Topics.DINGTALK_EVENTS), eventId).key()).isEqualTo("dingcorp1");
        assertThat(withId(topics.readAll(Topics.ROBOT_EVENTS), eventId)).isEmpty();
    }

    @Test
    void eachAppIsVerifiedWithItsOwnKeys() {
        String eventId = Samples.uid("ev");
        push(TestApps.SECOND, Callbacks.eventPush(TestApps.SECOND,
                Samples.chatAddMember(eventId, "dingcorp2", Samples.uid("cid")))).then().statusCode(200);
        assertThat(TopicReader.header(only(topics.readAll(Topics.DINGTALK_EVENTS), eventId), "ce_source"))
                .isEqualTo("/dingrelay/callback-gateway/apps/second");

        // The same push sent to the other app fails that app's signature check.
        push(TestApps.MAIN, Callbacks.eventPush(TestApps.SECOND, Samples.chatAddMember(Samples.uid("ev"), "d", "c")))
                .then().statusCode(401);
    }

    @Test
    void aRedeliveredEventIsAnsweredSuccessAndPublishedOnce() {
        String eventId = Samples.uid("ev");
        String plaintext = Samples.chatDisband(eventId, "dingcorp1", Samples.uid("cid"));

        // DingTalk re-encrypts a redelivery: a new timestamp, nonce and ciphertext for the same eventId.
        for (int i = 0; i < 3; i++) {
            Response answer = push(TestApps.MAIN, Callbacks.eventPush(TestApps.MAIN, plaintext));
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(Callbacks.crypto(TestApps.MAIN).decryptReply(answer.asString())).isEqualTo("success");
        }

        assertThat(withId(topics.readAll(Topics.DINGTALK_EVENTS), eventId)).hasSize(1);
        assertThat(withId(topics.readAll(Topics.ROBOT_EVENTS), eventId)).hasSize(1);
    }

    @Test
    void concurrentCopiesOfOneEventAreAllAnsweredAfterOneIsDurable() {
        String eventId = Samples.uid("ev");
        String plaintext = Samples.chatAddMember(eventId, "dingcorp1", Samples.uid("cid"));
        List<Callbacks.EventPush> copies = IntStream.range(0, 16)
                .mapToObj(i -> Callbacks.eventPush(TestApps.MAIN, plaintext)).toList();

        List<Integer> statuses = copies.stream()
                .map(c -> CompletableFuture.supplyAsync(() -> push(TestApps.MAIN, c).statusCode()))
                .toList().stream().map(CompletableFuture::join).toList();

        assertThat(statuses).containsOnly(200);
        assertThat(withId(topics.readAll(Topics.DINGTALK_EVENTS), eventId)).hasSize(1);
    }

    static List<ConsumerRecord<String, String>> withId(List<ConsumerRecord<String, String>> records, String id) {
        return records.stream().filter(r -> id.equals(TopicReader.header(r, "ce_id"))).toList();
    }

    static ConsumerRecord<String, String> only(List<ConsumerRecord<String, String>> records, String id) {
        List<ConsumerRecord<String, String>> found = withId(records, id);
        assertThat(found).as("records with ce_id %s", id).hasSize(1);
        return found.get(0);
    }
}
