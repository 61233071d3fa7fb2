package io.dingrelay.simulator.stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.dingrelay.simulator.support.Sim;
import io.dingrelay.simulator.support.StreamTestClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/**
 * DingTalk's Stream side (dingtalk-protocol.md §6) against a bare JDK WebSocket client: the open call and its
 * refusals, single-use expiring tickets, robot-message and event frames, ACK matching, redelivery of LATER and
 * un-ACKed events, ping, disconnect, the drop switch and the frame size limit.
 */
@QuarkusTest
class StreamTest {

    private static final String APP = "test";

    @Test
    void openAnswersAnEndpointAndATicketAndRefusesBadCredentialsAndSubscriptions() {
        StreamTestClient.Opened o = StreamTestClient.open();
        assertThat(o.endpoint()).startsWith("ws://localhost:").endsWith("/connect");
        assertThat(o.ticket()).matches("[0-9a-f-]{36}");

        open("{\"clientId\":\"" + StreamTestClient.APP_KEY + "\",\"clientSecret\":\"wrong\",\"subscriptions\":"
                + StreamTestClient.BOTH + "}").statusCode(400).body("code", equalTo("invalidClientIdOrSecret"));
        open("{\"clientId\":\"nosuchapp\",\"clientSecret\":\"x\",\"subscriptions\":" + StreamTestClient.BOTH + "}")
                .statusCode(400).body("code", equalTo("invalidClientIdOrSecret"));
        open("{\"clientSecret\":\"x\",\"subscriptions\":" + StreamTestClient.BOTH + "}")
                .statusCode(400).body("code", equalTo("invalidParameter.clientId"));
        open("{\"clientId\":\"" + StreamTestClient.APP_KEY + "\",\"clientSecret\":\"" + StreamTestClient.APP_SECRET
                + "\",\"subscriptions\":[{\"type\":\"EVENT\",\"topic\":\"chat_disband\"}]}")
                .statusCode(400).body("code", equalTo("invalidParameter.subscriptions"));
        open("{\"clientId\":\"" + StreamTestClient.APP_KEY + "\",\"clientSecret\":\"" + StreamTestClient.APP_SECRET
                + "\",\"subscriptions\":[]}").statusCode(400).body("code", equalTo("invalidParameter.subscriptions"));
        open("not json").statusCode(400).body("code", startsWith("invalidParameter"));
    }

    @Test
    void aTicketIsSingleUseAndExpiresAfter90Seconds() {
        StreamTestClient.Opened o = StreamTestClient.open();
        try (StreamTestClient c = StreamTestClient.connect(o)) {
            assertThat(handshakeStatus(o)).as("the same ticket again").isEqualTo(401);
        }
        assertThat(handshakeStatus(new StreamTestClient.Opened(o.endpoint(), "made-up"))).isEqualTo(401);
        StreamTestClient.Opened late = StreamTestClient.open();
        Sim.advance(91);
        assertThat(handshakeStatus(late)).as("91 s after it was issued").isEqualTo(401);
        StreamTestClient.Opened inTime = StreamTestClient.open();
        Sim.advance(89);
        try (StreamTestClient c = StreamTestClient.connect(inTime)) {
            assertThat(c.closed()).isNotDone();
        }
    }

    @Test
    void aRobotMessageIsACallbackFrameAnsweredOnceAckedAndNeverRedelivered() throws Exception {
        Sim.G g = Sim.group("stream-robot");
        try (StreamTestClient c = StreamTestClient.connect()) {
            awaitConnections(1);
            CompletableFuture<ExtractableResponse<Response>> sent = post("/sim/stream/robot-messages",
                    "{\"app\":\"" + APP + "\",\"groupId\":\"" + g.id() + "\",\"text\":\"你好 stream\"}");
            JsonNode frame = c.next();
            assertThat(frame.path("specVersion").asText()).isEqualTo("1.0");
            assertThat(frame.path("type").asText()).isEqualTo("CALLBACK");
            assertThat(frame.path("headers").path("topic").asText()).isEqualTo("/v1.0/im/bot/messages/get");
            assertThat(frame.path("headers").path("contentType").asText()).isEqualTo("application/json");
            assertThat(frame.path("headers").path("time").asText()).matches("\\d{13}");
            JsonNode body = StreamTestClient.data(frame);
            assertThat(body.path("conversationId").asText()).isEqualTo(g.conversationId());
            assertThat(body.path("text").path("content").asText()).isEqualTo(" 你好 stream");
            assertThat(body.path("robotCode").asText()).isEqualTo(StreamTestClient.APP_KEY);
            c.ack(frame, 200, "{\"response\":null}");
            ExtractableResponse<Response> answer = sent.join();
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.<Boolean>path("acked")).isTrue();
            assertThat(answer.<Integer>path("answer.code")).isEqualTo(200);
            assertThat(answer.<String>path("msgId")).isEqualTo(body.path("msgId").asText());
            assertThat(answer.<String>path("messageId")).isEqualTo(frame.path("headers").path("messageId").asText());

            // Unanswered robot messages are not redelivered: the next frame is the next message.
            post("/sim/stream/robot-messages", "{\"app\":\"" + APP + "\",\"groupId\":\"" + g.id() + "\",\"text\":\"二\"}");
            JsonNode second = c.next();
            c.ack(second, 500, "{\"response\":null}");
            post("/sim/stream/robot-messages", "{\"app\":\"" + APP + "\",\"groupId\":\"" + g.id() + "\",\"text\":\"三\"}");
            JsonNode third = c.next();
            assertThat(StreamTestClient.data(third).path("text").path("content").asText()).isEqualTo(" 三");
            c.ack(third, 200, "{\"response\":null}");
        }
    }

    @Test
    void anEventIsRedeliveredAfterLaterAndAfterItsSocketClosedUntilAckedSuccess() throws Exception {
        Sim.G g = Sim.group("stream-events");
        StreamTestClient first = StreamTestClient.connect();
        awaitConnections(1);
        CompletableFuture<ExtractableResponse<Response>> sent = post("/sim/stream/events",
                "{\"app\":\"" + APP + "\",\"type\":\"chat_update_title\",\"groupId\":\"" + g.id() + "\"}");
        JsonNode frame = first.next();
        assertThat(frame.path("type").asText()).isEqualTo("EVENT");
        JsonNode h = frame.path("headers");
        assertThat(h.path("eventType").asText()).isEqualTo("chat_update_title");
        assertThat(h.path("eventCorpId").asText()).isNotEmpty();
        assertThat(h.path("eventBornTime").asText()).matches("\\d{13}");
        assertThat(h.path("eventUnifiedAppId").asText()).isEqualTo(StreamTestClient.APP_KEY);
        String eventId = h.path("eventId").asText();
        JsonNode data = StreamTestClient.data(frame);
        assertThat(data.path("openConversationId").asText()).isEqualTo(g.conversationId());
        assertThat(data.has("EventType")).as("the envelope is in the headers, not the data").isFalse();

        first.ackEvent(frame, "LATER");
        assertThat(sent.join().<String>path("answer.status")).isEqualTo("LATER");
        JsonNode again = first.next();
        assertThat(again.path("headers").path("eventId").asText()).isEqualTo(eventId);
        assertThat(again.path("headers").path("messageId").asText()).isNotEqualTo(h.path("messageId").asText());

        // Not ACKed, and its socket goes away: delivered again on the next connection.
        first.close();
        try (StreamTestClient second = StreamTestClient.connect()) {
            JsonNode third = second.next();
            assertThat(third.path("headers").path("eventId").asText()).isEqualTo(eventId);
            second.ackEvent(third, "SUCCESS");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/sim/stream/events/" + eventId).then()
                    .body("settled", equalTo(true)).body("deliveries", equalTo(3)));
            List<Map<String, Object>> answers = given().get("/sim/stream/events/" + eventId).then().extract().path("answers");
            assertThat(answers).extracting(a -> a.get("outcome")).containsExactly("ack", "closed", "ack");
            assertThat(second.poll()).as("nothing more after SUCCESS").isNull();
        }
    }

    @Test
    void pingIsEchoedAndDisconnectIsFollowedByTheSocketClosing() throws Exception {
        try (StreamTestClient c = StreamTestClient.connect()) {
            awaitConnections(1);
            CompletableFuture<ExtractableResponse<Response>> ping = post("/sim/stream/ping", "{\"app\":\"" + APP + "\"}");
            JsonNode p = c.next();
            assertThat(p.path("type").asText()).isEqualTo("SYSTEM");
            assertThat(p.path("headers").path("topic").asText()).isEqualTo("ping");
            assertThat(StreamTestClient.data(p).path("opaque").asText()).isNotEmpty();
            c.ack(p, 200, p.path("data").asText());
            assertThat(ping.join().<String>path("answers[0].data")).isEqualTo(p.path("data").asText());

            CompletableFuture<ExtractableResponse<Response>> bye = post("/sim/stream/disconnect", "{\"app\":\"" + APP + "\"}");
            JsonNode d = c.next();
            assertThat(d.path("headers").path("topic").asText()).isEqualTo("disconnect");
            assertThat(StreamTestClient.data(d).path("reason").asText()).isEqualTo("connection is expired");
            c.ack(d, 200, d.path("data").asText());
            assertThat(bye.join().<Integer>path("sent")).isEqualTo(1);
            assertThat(c.closed().join()).as("closed by the simulator after the grace").isEqualTo(1000);
        }
    }

    @Test
    void theDropSwitchCutsTheConnectionAndAnOversizedFrameClosesIt() {
        try (StreamTestClient c = StreamTestClient.connect()) {
            awaitConnections(1);
            given().contentType("application/json").body("{\"app\":\"" + APP + "\"}").post("/sim/stream/drop")
                    .then().statusCode(200).body("dropped", equalTo(1));
            // The channel is closed under the socket (the JDK client reports that as a close; which code it gives for
            // a connection that ended without a close frame is its business).
            assertThat(c.closed().join()).isNotNull();
            awaitConnections(0);
        }
        try (StreamTestClient c = StreamTestClient.connect()) {
            c.send("{\"code\":200,\"pad\":\"" + "x".repeat(70_000) + "\"}");
            assertThat(c.closed().join()).isEqualTo(1009);
        }
    }

    @Test
    void framesNeedAConnectionAndAnAppAndBadLoadRequestsAreRefused() {
        awaitConnections(0);
        Sim.G g = Sim.group("stream-none");
        given().contentType("application/json").body("{\"app\":\"" + APP + "\",\"groupId\":\"" + g.id() + "\",\"text\":\"x\"}")
                .post("/sim/stream/robot-messages").then().statusCode(409).body("error", equalTo("no_connection"));
        given().contentType("application/json").body("{\"app\":\"nope\",\"groupId\":\"" + g.id() + "\",\"text\":\"x\"}")
                .post("/sim/stream/robot-messages").then().statusCode(400).body("field", equalTo("app"));
        given().contentType("application/json").body("{\"app\":\"" + APP + "\",\"type\":\"check_url\"}")
                .post("/sim/stream/events").then().statusCode(400).body("field", equalTo("type"));
        given().contentType("application/json").body("{\"app\":\"" + APP + "\",\"count\":0}")
                .post("/sim/stream/load").then().statusCode(400).body("field", equalTo("count"));
    }

    @Test
    void theLoadGeneratorSendsMessagesAndMeasuresFrameToAck() throws Exception {
        try (StreamTestClient c = StreamTestClient.connect()) {
            awaitConnections(1);
            CompletableFuture<ExtractableResponse<Response>> run = post("/sim/stream/load",
                    "{\"app\":\"" + APP + "\",\"kind\":\"robot\",\"count\":20,\"inFlight\":4,\"groups\":3}");
            for (int i = 0; i < 20; i++) {
                c.ack(c.next(), 200, "{\"response\":null}");
            }
            ExtractableResponse<Response> r = run.join();
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.<Integer>path("outcomes.'200'")).isEqualTo(20);
            assertThat(r.<Float>path("p99Ms")).isPositive();
        }
    }

    private static io.restassured.response.ValidatableResponse open(String body) {
        return given().contentType("application/json").body(body).post("/v1.0/gateway/connections/open").then();
    }

    private static int handshakeStatus(StreamTestClient.Opened o) {
        try {
            HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create(o.endpoint() + "?ticket=" + o.ticket()), new java.net.http.WebSocket.Listener() {
                    }).join().abort();
            return 101;
        } catch (CompletionException e) {
            assertThat(e.getCause()).isInstanceOf(WebSocketHandshakeException.class);
            return ((WebSocketHandshakeException) e.getCause()).getResponse().statusCode();
        }
    }

    /** The test's connections are the only ones of the app once the previous test's have closed. */
    static void awaitConnections(int n) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            List<Map<String, Object>> all = given().get("/sim/stream").then().extract().path("connections");
            return all.stream().filter(c -> APP.equals(c.get("app")) && "OPEN".equals(c.get("state"))).count() == n;
        });
    }

    private static CompletableFuture<ExtractableResponse<Response>> post(String path, String body) {
        return CompletableFuture.supplyAsync(() -> given().contentType("application/json").body(body).post(path).then().extract());
    }
}
