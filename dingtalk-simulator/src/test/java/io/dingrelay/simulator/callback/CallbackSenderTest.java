package io.dingrelay.simulator.callback;

import io.dingrelay.protocol.callback.CallbackEvent;
import io.dingrelay.protocol.robot.IncomingRobotMessage;
import io.dingrelay.simulator.support.Sim;
import io.dingrelay.simulator.support.TestGateway;
import io.dingrelay.simulator.support.TestGatewayResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

/**
 * The simulator calls a gateway as DingTalk does; {@link TestGateway} verifies every request with the protocol
 * library (signature, decryption, ownerKey) before answering.
 */
@QuarkusTest
@QuarkusTestResource(TestGatewayResource.class)
class CallbackSenderTest {

    @BeforeEach
    void clean() {
        TestGateway.reset();
    }

    @AfterEach
    void restore() {
        TestGateway.reset();
        Sim.restoreLimits();
    }

    @Test
    void checkUrlEventIsEncryptedAndTheSuccessReplyVerified() {
        given().contentType("application/json").body(Map.of("app", "test", "type", "check_url"))
                .post("/sim/callbacks/events").then().statusCode(200)
                .body("gatewayStatus", equalTo(200))
                .body("replyDecryptedAndVerified", equalTo(true))
                .body("verdict", equalTo("success"));
        assertThat(TestGateway.rejected).isEmpty();
        assertThat(TestGateway.events).singleElement().satisfies(e -> assertThat(e.eventType()).isEqualTo("check_url"));
    }

    @Test
    void groupEventsCarryTheEnvelopeAndTheGroup() {
        Sim.G g = Sim.group("事件群");
        for (String type : new String[] {"im_cool_app_install", "chat_update_title", "chat_quit", "im_cool_app_uninstall", "org_suite_relieve"}) {
            given().contentType("application/json").body(Map.of("app", "test", "type", type, "groupId", g.id()))
                    .post("/sim/callbacks/events").then().statusCode(200).body("accepted", equalTo(true));
        }
        assertThat(TestGateway.events).hasSize(5);
        CallbackEvent install = TestGateway.events.get(0);
        assertThat(install.eventType()).isEqualTo("im_cool_app_install");
        assertThat(install.eventId()).isNotBlank();
        assertThat(install.openConversationId()).isEqualTo(g.conversationId());
        assertThat(install.raw().path("robotCode").asText()).isEqualTo(TestGateway.APP_KEY);
        assertThat(install.raw().path("CorpId").asText()).isNotBlank();
        assertThat(TestGateway.events.get(1).raw().path("title").asText()).isEqualTo("事件群");
        assertThat(TestGateway.events.get(4).openConversationId()).isNull();
    }

    @Test
    void chatDisbandAlsoDisbandsTheGroup() {
        Sim.G g = Sim.group("to disband");
        given().contentType("application/json").body(Map.of("app", "test", "type", "chat_disband", "groupId", g.id()))
                .post("/sim/callbacks/events").then().statusCode(200).body("accepted", equalTo(true));
        Sim.send(g, Sim.text("x"), "10.6.0.1").body("errcode", equalTo(400013));
    }

    @Test
    void aWrongReplyIsReportedAsNotAccepted() {
        TestGateway.mode = TestGateway.Mode.WRONG_REPLY;
        given().contentType("application/json").body(Map.of("app", "test", "type", "check_url"))
                .post("/sim/callbacks/events").then().statusCode(200)
                .body("gatewayStatus", equalTo(200)).body("replyDecryptedAndVerified", equalTo(false));
        TestGateway.mode = TestGateway.Mode.HTTP_500;
        given().contentType("application/json").body(Map.of("app", "test", "type", "check_url"))
                .post("/sim/callbacks/events").then().body("gatewayStatus", equalTo(500)).body("accepted", equalTo(false));
    }

    @Test
    void robotMessageIsSignedAndItsSessionWebhookReachesTheGroupUntilItExpires() {
        Sim.G g = Sim.group("问答群");
        String webhook = given().contentType("application/json")
                .body(Map.of("app", "test", "groupId", g.id(), "text", "今天的数据", "senderNick", "小明"))
                .post("/sim/callbacks/robot-messages").then().statusCode(200)
                .body("gatewayStatus", equalTo(200)).body("replyValid", equalTo(true))
                .body("sessionWebhook", startsWith("http")).extract().path("sessionWebhook");
        assertThat(TestGateway.rejected).isEmpty();
        IncomingRobotMessage m = TestGateway.robotMessages.get(0);
        assertThat(m.conversationId()).isEqualTo(g.conversationId());
        assertThat(m.trimmedText()).isEqualTo("今天的数据");
        assertThat(m.senderNick()).isEqualTo("小明");
        assertThat(m.sessionWebhook()).isEqualTo(webhook);
        assertThat(m.sessionWebhookExpiredTime() - m.createAt()).isEqualTo(90 * 60_000L);

        Sim.send(webhook, "{\"msgtype\":\"text\",\"text\":{\"content\":\"答复\"},\"at\":{\"atUserIds\":[\"user123\"]}}", "10.6.0.2")
                .body("errcode", equalTo(0));
        given().get("/sim/groups/" + g.id() + "/messages").then().body("messages", hasSize(1))
                .body("messages[0].channel", equalTo("session"));

        Sim.advance(90 * 60 + 1);
        Sim.send(webhook, Sim.text("too late"), "10.6.0.2").body("errcode", equalTo(300001)).body("errmsg", equalTo("session 不存在"));
        Sim.send(webhook.replaceAll("session=.*", "session=unknown"), Sim.text("?"), "10.6.0.2").body("errcode", equalTo(300001));
    }

    @Test
    void synchronousReplyIsShownInTheGroupAndABadOneIsReported() {
        Sim.G g = Sim.group("同步回复");
        TestGateway.mode = TestGateway.Mode.TEXT_REPLY;
        given().contentType("application/json").body(Map.of("app", "test", "groupId", g.id(), "text", "hi"))
                .post("/sim/callbacks/robot-messages").then().body("replyValid", equalTo(true)).body("verdict", equalTo("text"));
        given().get("/sim/groups/" + g.id() + "/messages").then().body("messages[0].channel", equalTo("reply"))
                .body("messages[0].message.text.content", equalTo("收到"));
        TestGateway.mode = TestGateway.Mode.WRONG_REPLY;
        given().contentType("application/json").body(Map.of("app", "test", "groupId", g.id(), "text", "hi"))
                .post("/sim/callbacks/robot-messages").then().body("replyValid", equalTo(false));
    }

    @Test
    void badRequestsNameTheField() {
        given().contentType("application/json").body(Map.of("app", "nope", "type", "check_url")).post("/sim/callbacks/events")
                .then().statusCode(400).body("field", equalTo("app"));
        given().contentType("application/json").body(Map.of("app", "test", "type", "chat_disband")).post("/sim/callbacks/events")
                .then().statusCode(400).body("field", equalTo("groupId"));
        given().contentType("application/json").body(Map.of("app", "test", "groupId", "g999999", "text", "x"))
                .post("/sim/callbacks/robot-messages").then().statusCode(400).body("field", equalTo("groupId"));
    }
}
