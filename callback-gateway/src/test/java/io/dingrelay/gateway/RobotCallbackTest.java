package io.dingrelay.gateway;

import static io.dingrelay.gateway.EventCallbackTest.only;
import static io.dingrelay.gateway.EventCallbackTest.withId;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.dingrelay.events.CloudEventTypes;
import io.dingrelay.events.EventJson;
import io.dingrelay.events.Topics;
import io.dingrelay.events.chat.ChatMessage;
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
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Robot message callbacks end to end: HTTP → gateway → real Kafka → read back. */
@QuarkusTest
@WithTestResource(GatewayTopics.class)
@WithTestResource(TestAppsResource.class)
class RobotCallbackTest {

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

    static Response send(TestApps.App app, String body) {
        Callbacks.RobotSignature s = Callbacks.robotSignature(app);
        return given().contentType("application/json; charset=utf-8")
                .header("timestamp", s.timestamp())
                .header("sign", s.sign())
                .body(body)
                .post("/dingtalk/apps/" + app.name() + "/robot");
    }

    @Test
    void aGroupMessageIsPublishedWithItsSessionWebhookAndAnsweredEmpty() {
        String msgId = Samples.uid("msg");
        String cid = Samples.uid("cid");
        long createAt = System.currentTimeMillis();

        Response answer = send(TestApps.MAIN, Samples.groupText(msgId, cid, "你好", createAt));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.asString()).isEqualTo("{\"msgtype\":\"empty\"}");
        ConsumerRecord<String, String> record = only(topics.readAll(Topics.CHAT_MESSAGES), msgId);
        assertThat(record.key()).isEqualTo(cid);
        assertThat(TopicReader.header(record, "ce_type")).isEqualTo(CloudEventTypes.CHAT_MESSAGE);
        assertThat(TopicReader.header(record, "ce_source")).isEqualTo("/dingrelay/callback-gateway/apps/main");
        assertThat(TopicReader.header(record, "ce_time")).isEqualTo(Instant.ofEpochMilli(createAt).toString());

        ChatMessage m = EventJson.read(record.value(), ChatMessage.class);
        assertThat(m.msgId().value()).isEqualTo(msgId);
        assertThat(m.app().value()).isEqualTo("main");
        assertThat(m.conversationId().value()).isEqualTo(cid);
        assertThat(m.conversationType()).isEqualTo("2");
        assertThat(m.conversationTitle()).isEqualTo("机器人测试-TEST");
        assertThat(m.msgtype()).isEqualTo("text");
        assertThat(m.text()).isEqualTo("你好");
        assertThat(m.sender().staffId()).isEqualTo("user123");
        assertThat(m.robotCode().value()).isEqualTo("dingrobot001");
        assertThat(m.inAtList()).isTrue();
        assertThat(m.sessionWebhook()).isEqualTo("https://oapi.dingtalk.com/robot/sendBySession?session=" + msgId);
        assertThat(m.sessionWebhookExpiresAt()).isEqualTo(Instant.ofEpochMilli(createAt + 5_400_000L));
        assertThat(m.createdAt()).isEqualTo(Instant.ofEpochMilli(createAt));
        assertThat(m.body().path("text").path("content").asText()).isEqualTo(" 你好");
    }

    @Test
    void theFirstMessageInAGroupAnnouncesTheRobotOncePerWindow() {
        String cid = Samples.uid("cid");
        String first = Samples.uid("msg");
        String second = Samples.uid("msg");

        send(TestApps.MAIN, Samples.groupText(first, cid, "one", System.currentTimeMillis())).then().statusCode(200);
        send(TestApps.MAIN, Samples.groupText(second, cid, "two", System.currentTimeMillis())).then().statusCode(200);

        List<ConsumerRecord<String, String>> seen = topics.readAll(Topics.ROBOT_EVENTS).stream()
                .filter(r -> cid.equals(r.key())).toList();
        assertThat(seen).hasSize(1);
        assertThat(TopicReader.header(seen.get(0), "ce_type")).isEqualTo("io.dingrelay.robot.robot-seen.v1");
        assertThat(TopicReader.header(seen.get(0), "ce_id")).isEqualTo("robot-seen:" + first);
        RobotEvent event = EventJson.read(seen.get(0).value(), RobotEvent.class);
        assertThat(event.kind()).isEqualTo(RobotEventKind.ROBOT_SEEN);
        assertThat(event.conversationId().value()).isEqualTo(cid);
        assertThat(event.robotCode().value()).isEqualTo("dingrobot001");
        assertThat(event.title()).isEqualTo("机器人测试-TEST");
        assertThat(event.corpId().value()).isEqualTo("dinge8a565xxxx");
    }

    @Test
    void textAtTheTopLevelIsReadToo() {
        String msgId = Samples.uid("msg");
        send(TestApps.MAIN, Samples.topLevelContent(msgId, Samples.uid("cid"), "help", System.currentTimeMillis()))
                .then().statusCode(200);

        ChatMessage m = EventJson.read(only(topics.readAll(Topics.CHAT_MESSAGES), msgId).value(), ChatMessage.class);
        assertThat(m.text()).isEqualTo("help");
    }

    @Test
    void nonTextMessagesKeepTheirContentAndSingleChatsAnnounceNothing() {
        String msgId = Samples.uid("msg");
        String cid = Samples.uid("cid");
        send(TestApps.MAIN, Samples.singleChatPicture(msgId, cid, System.currentTimeMillis())).then().statusCode(200);

        ChatMessage m = EventJson.read(only(topics.readAll(Topics.CHAT_MESSAGES), msgId).value(), ChatMessage.class);
        assertThat(m.msgtype()).isEqualTo("picture");
        assertThat(m.text()).isNull();
        assertThat(m.body().path("content").path("downloadCode").asText()).isEqualTo("dc123");
        assertThat(topics.readAll(Topics.ROBOT_EVENTS).stream().filter(r -> cid.equals(r.key()))).isEmpty();
    }

    @Test
    void aRepeatedMessageIsAnsweredEmptyAndPublishedOnce() {
        String msgId = Samples.uid("msg");
        String body = Samples.groupText(msgId, Samples.uid("cid"), "again", System.currentTimeMillis());

        for (int i = 0; i < 3; i++) {
            Response answer = send(TestApps.MAIN, body);
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.asString()).isEqualTo("{\"msgtype\":\"empty\"}");
        }

        assertThat(withId(topics.readAll(Topics.CHAT_MESSAGES), msgId)).hasSize(1);
    }

    @Test
    void theSecretOfAnotherAppIsRefused() {
        Response answer = given().contentType("application/json")
                .header("timestamp", Callbacks.robotSignature(TestApps.SECOND).timestamp())
                .header("sign", Callbacks.robotSignature(TestApps.SECOND).sign())
                .body(Samples.groupText(Samples.uid("msg"), "cid1", "x", System.currentTimeMillis()))
                .post("/dingtalk/apps/main/robot");
        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.jsonPath().getString("error")).isEqualTo("bad_signature");
        assertThat(answer.jsonPath().getString("field")).isEqualTo("sign");
    }
}
