package io.dingrelay.gateway;

import static io.dingrelay.gateway.EventCallbackTest.only;
import static io.dingrelay.gateway.EventCallbackTest.withId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.dingrelay.events.CloudEventTypes;
import io.dingrelay.events.EventJson;
import io.dingrelay.events.Topics;
import io.dingrelay.events.chat.ChatMessage;
import io.dingrelay.events.robot.RobotEvent;
import io.dingrelay.events.robot.RobotEventKind;
import io.dingrelay.gateway.support.Callbacks;
import io.dingrelay.gateway.support.GatewayTopics;
import io.dingrelay.gateway.support.Http;
import io.dingrelay.gateway.support.Samples;
import io.dingrelay.gateway.support.StreamSim;
import io.dingrelay.gateway.support.StreamSimulator;
import io.dingrelay.gateway.support.TestApps;
import io.dingrelay.gateway.support.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Stream mode end to end: the packaged simulator plays DingTalk's Stream side, the gateway holds the app's
 * connection, and what arrives lands on the same topics, with the same keys and CloudEvents headers, as the same kind
 * of callback over HTTP; repeats across both ingresses are published once; bad frames get their ACK codes.
 */
@QuarkusTest
@WithTestResource(GatewayTopics.class)
@WithTestResource(StreamSimulator.class)
class StreamIngressTest {

    static final String APP = TestApps.STREAM.name();

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    /** Read when the test runs: an injected property would be required by every test class's application start. */
    static String simulatorUrl() {
        return org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue(StreamSimulator.URL_PROPERTY, String.class);
    }

    @TestHTTPResource("/")
    URL base;

    TopicReader topics;
    StreamSim sim;
    Http http;

    @BeforeEach
    void open() {
        topics = new TopicReader(bootstrap);
        sim = new StreamSim(simulatorUrl());
        http = new Http(base.toString());
        awaitConnected(http, sim);
    }

    @AfterEach
    void close() {
        topics.close();
    }

    /** Ready (Kafka and the Stream connection), and the simulator sees exactly the one connection of the app. */
    static void awaitConnected(Http http, StreamSim sim) {
        await().atMost(Duration.ofSeconds(60)).until(() -> http.get("/q/health/ready").status() == 200
                && sim.openConnections(APP).size() == 1);
    }

    @Test
    void aRobotMessageOverStreamLandsLikeOneOverHttp() {
        String[] group = sim.group("stream-robot");
        var answer = sim.robotMessage(APP, group[0], "你好 stream");
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.<Integer>path("answer.code")).as("ACKed after the record is durable").isEqualTo(200);
        assertThat(answer.<String>path("answer.data")).isEqualTo("{\"response\":null}");
        String msgId = answer.path("msgId");

        ConsumerRecord<String, String> streamed = only(topics.readAll(Topics.CHAT_MESSAGES), msgId);
        assertThat(streamed.key()).isEqualTo(group[1]);
        ChatMessage m = EventJson.read(streamed.value(), ChatMessage.class);
        assertThat(m.conversationId().value()).isEqualTo(group[1]);
        assertThat(m.text()).contains("你好 stream");
        assertThat(m.app().value()).isEqualTo(APP);

        // The same kind of message over HTTP: same topic, key rule and CloudEvents attributes.
        String httpMsgId = Samples.uid("msg");
        String cid = Samples.uid("cid");
        assertThat(RobotCallbackTest.send(TestApps.STREAM, Samples.groupText(httpMsgId, cid, "over http",
                System.currentTimeMillis())).statusCode()).isEqualTo(200);
        ConsumerRecord<String, String> posted = only(topics.readAll(Topics.CHAT_MESSAGES), httpMsgId);
        assertThat(posted.key()).isEqualTo(cid);
        for (String h : List.of("ce_specversion", "ce_type", "ce_source", "content-type")) {
            assertThat(TopicReader.header(streamed, h)).as(h).isEqualTo(TopicReader.header(posted, h));
        }
        assertThat(TopicReader.header(streamed, "ce_type")).isEqualTo(CloudEventTypes.CHAT_MESSAGE);
        assertThat(TopicReader.header(streamed, "ce_subject")).isEqualTo(group[1]);
        // The first message of a group announces the robot, whichever way it came.
        assertThat(withId(topics.readAll(Topics.ROBOT_EVENTS), "robot-seen:" + msgId)).hasSize(1);
    }

    @Test
    void anEventOverStreamIsAckedSuccessOnceDurableAndLandsLikeOneOverHttp() {
        String[] group = sim.group("stream-event");
        var answer = sim.event(APP, "chat_disband", group[0]);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.<String>path("answer.status")).isEqualTo("SUCCESS");
        String eventId = answer.path("eventId");

        ConsumerRecord<String, String> raw = only(topics.readAll(Topics.DINGTALK_EVENTS), eventId);
        JsonNode value = EventJson.read(raw.value(), JsonNode.class);
        // The HTTP push's flat shape: the envelope from the frame's headers, then the business fields.
        assertThat(value.path("EventType").asText()).isEqualTo("chat_disband");
        assertThat(value.path("eventId").asText()).isEqualTo(eventId);
        assertThat(value.path("openConversationId").asText()).isEqualTo(group[1]);
        assertThat(raw.key()).isEqualTo(value.path("CorpId").asText()).isNotEmpty();
        assertThat(TopicReader.header(raw, "ce_type")).isEqualTo(CloudEventTypes.DINGTALK_EVENT);
        assertThat(TopicReader.header(raw, "ce_subject")).isEqualTo("chat_disband");
        assertThat(TopicReader.header(raw, "ce_source")).isEqualTo("/dingrelay/callback-gateway/apps/" + APP);
        assertThat(TopicReader.header(raw, "ce_time")).isEqualTo(
                java.time.Instant.ofEpochMilli(value.path("EventTime").asLong()).toString());

        ConsumerRecord<String, String> normalised = only(topics.readAll(Topics.ROBOT_EVENTS), eventId);
        assertThat(normalised.key()).isEqualTo(group[1]);
        RobotEvent event = EventJson.read(normalised.value(), RobotEvent.class);
        assertThat(event.kind()).isEqualTo(RobotEventKind.GROUP_DISBANDED);

        // The same event type over HTTP: the same topics and attributes.
        String httpId = Samples.uid("ev");
        String cid = Samples.uid("cid");
        assertThat(EventCallbackTest.push(TestApps.STREAM, Callbacks.eventPush(TestApps.STREAM,
                Samples.chatDisband(httpId, "dingcorp", cid))).statusCode()).isEqualTo(200);
        ConsumerRecord<String, String> posted = only(topics.readAll(Topics.DINGTALK_EVENTS), httpId);
        for (String h : List.of("ce_specversion", "ce_type", "ce_source", "content-type")) {
            assertThat(TopicReader.header(raw, h)).as(h).isEqualTo(TopicReader.header(posted, h));
        }
        assertThat(TopicReader.header(only(topics.readAll(Topics.ROBOT_EVENTS), httpId), "ce_type"))
                .isEqualTo(TopicReader.header(normalised, "ce_type"));
    }

    @Test
    void repeatsAcrossBothIngressesArePublishedOnce() {
        // The same robot message over HTTP, then as a Stream frame; the same event twice over Stream.
        String msgId = Samples.uid("msg");
        String cid = Samples.uid("cid");
        String body = Samples.groupText(msgId, cid, "twice", System.currentTimeMillis());
        assertThat(RobotCallbackTest.send(TestApps.STREAM, body).statusCode()).isEqualTo(200);
        String id = sim.newMessageId();
        var again = sim.raw(APP, StreamSim.frame("CALLBACK", "/v1.0/im/bot/messages/get", id, Map.of(), body), id);
        assertThat(again.<Integer>path("answer.code")).isEqualTo(200);
        assertThat(withId(topics.readAll(Topics.CHAT_MESSAGES), msgId)).hasSize(1);

        String eventId = Samples.uid("ev");
        Map<String, String> headers = Map.of("eventType", "chat_update_title", "eventId", eventId, "eventCorpId", "dingcorp",
                "eventBornTime", Long.toString(System.currentTimeMillis()));
        String data = "{\"chatId\":\"chat1\",\"openConversationId\":\"" + cid + "\",\"title\":\"新标题\"}";
        for (int i = 0; i < 2; i++) {
            String mid = sim.newMessageId();
            var ack = sim.raw(APP, StreamSim.frame("EVENT", "chat_update_title", mid, headers, data), mid);
            assertThat(ack.<String>path("answer.data")).contains("\"status\":\"SUCCESS\"");
        }
        assertThat(withId(topics.readAll(Topics.DINGTALK_EVENTS), eventId)).hasSize(1);
    }

    @Test
    void badFramesGetTheirAckCodesAndTheConnectionCarriesOn() {
        var before = topics.endOffsets(GatewayTopics.TOPICS.keySet());
        String id = sim.newMessageId();
        var card = sim.raw(APP, StreamSim.frame("CALLBACK", "/v1.0/card/instances/callback", id, Map.of(), "{}"), id);
        assertThat(card.<Integer>path("answer.code")).as("a topic we do not serve").isEqualTo(404);

        id = sim.newMessageId();
        var badMessage = sim.raw(APP, StreamSim.frame("CALLBACK", "/v1.0/im/bot/messages/get", id, Map.of(), "{\"msgId\":1}"), id);
        assertThat(badMessage.<Integer>path("answer.code")).isEqualTo(400);
        assertThat(badMessage.<String>path("answer.message")).contains("bad message");

        id = sim.newMessageId();
        var noEventId = sim.raw(APP, StreamSim.frame("EVENT", "chat_disband", id, Map.of("eventType", "chat_disband"), "{}"), id);
        assertThat(noEventId.<Integer>path("answer.code")).isEqualTo(400);

        id = sim.newMessageId();
        var notJsonData = sim.raw(APP, StreamSim.frame("EVENT", "x", id, Map.of("eventType", "x", "eventId", "e1"), "[1,"), id);
        assertThat(notJsonData.<Integer>path("answer.code")).isEqualTo(400);

        id = sim.newMessageId();
        String huge = "{\"pad\":\"" + "x".repeat(300_000) + "\"}";
        var tooLarge = sim.raw(APP, StreamSim.frame("CALLBACK", "/v1.0/im/bot/messages/get", id, Map.of(), huge), id);
        assertThat(tooLarge.<Integer>path("answer.code")).isEqualTo(400);
        assertThat(tooLarge.<String>path("answer.message")).contains("larger than");

        assertThat(sim.raw(APP, "not a frame", null).statusCode()).isEqualTo(200);
        assertThat(sim.raw(APP, "{\"type\":\"EVENT\",\"headers\":{}}", null).statusCode()).isEqualTo(200);

        assertThat(topics.endOffsets(GatewayTopics.TOPICS.keySet())).as("nothing written").isEqualTo(before);
        // The same connection still serves.
        assertThat(sim.openConnections(APP)).hasSize(1);
        String[] group = sim.group("after-bad-frames");
        assertThat(sim.robotMessage(APP, group[0], "still here").<Integer>path("answer.code")).isEqualTo(200);
        String metrics = http.get("/q/metrics").body();
        assertThat(metrics).contains("dingrelay_gateway_stream_frames_total{app=\"stream\",type=\"malformed\"}");
        assertThat(metrics).contains("dingrelay_gateway_stream_frames_total{app=\"stream\",type=\"too_large\"}");
        assertThat(metrics).contains("dingrelay_gateway_stream_acks_total{app=\"stream\",status=\"not_found\",type=\"callback\"}");
    }

    @Test
    void pingsAreEchoedAndReadinessAndMetricsShowTheConnection() {
        var ping = sim.post("/sim/stream/ping", "{\"app\":\"" + APP + "\"}");
        assertThat(ping.<Integer>path("sent")).isEqualTo(1);
        assertThat(ping.<Integer>path("answers[0].code")).isEqualTo(200);
        assertThat(ping.<String>path("answers[0].data")).contains("opaque");

        Http.Answer ready = http.get("/q/health/ready");
        assertThat(ready.body()).contains("\"dingtalk-stream\"").contains("1/1 connected");
        String metrics = http.get("/q/metrics").body();
        assertThat(metrics).contains("dingrelay_gateway_stream_connected_seconds_active_count{app=\"stream\"} 1.0");
        assertThat(metrics).contains("dingrelay_gateway_stream_acks_total{app=\"stream\",status=\"ok\",type=\"system\"}");
    }
}
