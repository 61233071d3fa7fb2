package io.dingrelay.simulator.dingtalk;

import io.dingrelay.simulator.support.Sim;
import io.dingrelay.simulator.support.TestGatewayResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * msgUuid on the custom-robot webhook, as DingTalk documents it: the idempotency key for retrying after a timeout.
 * A repeated msgUuid is answered errcode 0 and the group is not shown the message again (absorbed); a new msgUuid
 * or none is a new message, even with the same body, and a repeat of that is a duplicate the group sees.
 */
@QuarkusTest
@QuarkusTestResource(TestGatewayResource.class)
class MsgUuidTest {

    private static final String IP = "10.7.0.1";

    @AfterEach
    void restore() {
        Sim.restoreLimits();
    }

    private static String text(String content, String msgUuid) {
        return "{\"msgtype\":\"text\",\"text\":{\"content\":\"" + content + "\"},\"msgUuid\":\"" + msgUuid + "\"}";
    }

    private static long stat(String field) {
        return ((Number) given().get("/sim/stats").then().extract().path(field)).longValue();
    }

    @Test
    void aRepeatedMsgUuidIsAnsweredOkAndShownOnce() {
        Sim.G g = Sim.group("重试群");
        long absorbedBefore = stat("absorbed");
        long acceptedBefore = stat("accepted");
        long uuidDupsBefore = stat("duplicates.msgUuid");

        Sim.send(g, text("日报 10:00", "run1:g1"), IP).statusCode(200).body("errcode", equalTo(0)).body("errmsg", equalTo("ok"));
        // The sender timed out and retries with the same key; DingTalk keys on msgUuid, not the body.
        Sim.send(g, text("日报 10:00", "run1:g1"), IP).statusCode(200).body("errcode", equalTo(0)).body("errmsg", equalTo("ok"));
        Sim.send(g, text("日报 10:00 (rebuilt)", "run1:g1"), IP).statusCode(200).body("errcode", equalTo(0));

        given().get("/sim/groups/" + g.id() + "/messages").then().statusCode(200)
                .body("messages.size()", equalTo(1))
                .body("messages[0].message.text.content", equalTo("日报 10:00"))
                .body("messages[0].duplicate", equalTo(false))
                .body("group.accepted", equalTo(1))
                .body("group.absorbed", equalTo(2));
        assertThat(stat("absorbed")).isEqualTo(absorbedBefore + 2);
        assertThat(stat("accepted")).isEqualTo(acceptedBefore + 1);
        assertThat(stat("duplicates.msgUuid")).isEqualTo(uuidDupsBefore);
        given().get("/q/metrics").then().statusCode(200).body(containsString("simulator_messages_absorbed_total"));
    }

    @Test
    void theSameBodyUnderANewMsgUuidOrNoneIsShownAgainAndIsADuplicate() {
        Sim.G g = Sim.group("重复群");
        Sim.send(g, text("通知", "a"), IP).body("errcode", equalTo(0));
        Sim.send(g, text("通知", "b"), IP).body("errcode", equalTo(0));
        Sim.send(g, Sim.text("通知"), IP).body("errcode", equalTo(0));
        Sim.send(g, Sim.text("通知"), IP).body("errcode", equalTo(0));

        given().get("/sim/groups/" + g.id() + "/messages").then()
                .body("messages.msgUuid", equalTo(java.util.Arrays.asList("a", "b", null, null)))
                .body("messages.duplicate", equalTo(List.of(false, true, true, true)))
                .body("group.accepted", equalTo(4))
                .body("group.absorbed", equalTo(0));
    }

    @Test
    void msgUuidsAreRememberedPerGroup() {
        Sim.G first = Sim.group("甲群");
        Sim.G second = Sim.group("乙群");
        Sim.send(first, text("同一个批次", "shared-key"), IP).body("errcode", equalTo(0));
        Sim.send(second, text("同一个批次", "shared-key"), IP).body("errcode", equalTo(0));
        given().get("/sim/groups/" + second.id() + "/messages").then()
                .body("messages.size()", equalTo(1)).body("group.absorbed", equalTo(0));
    }

    @Test
    void aReSendIsStillCheckedAsAnySendBeforeItIsAbsorbed() {
        Sim.G g = Sim.group("加签群", "sign", null, null);
        Sim.sendSigned(g, text("签名", "k-signed"), IP, System.currentTimeMillis()).body("errcode", equalTo(0));
        // Same key, wrong signature: refused as any send (310000), not answered ok.
        Sim.send(g.webhook() + "&timestamp=" + System.currentTimeMillis() + "&sign=bm90LWl0", text("签名", "k-signed"), IP)
                .body("errcode", equalTo(310000));
        // Same key, a limit in force: the per-minute limit answers first (a re-send counts against it).
        Sim.limits("{\"robotPerMinute\":1}");
        Sim.sendSigned(g, text("签名", "k-signed"), IP, System.currentTimeMillis()).body("errcode", equalTo(410100));
        given().get("/sim/groups/" + g.id() + "/messages").then()
                .body("messages.size()", equalTo(1)).body("group.absorbed", equalTo(0)).body("group.rejected", equalTo(2));
    }

    @Test
    void theMemoryWindowIsTheNewest256MsgUuidsOfAGroup() {
        Sim.limits("{\"robotEnabled\":false}");
        Sim.G g = Sim.group("窗口群");
        Sim.send(g, text("m0", "k0"), IP).body("errcode", equalTo(0));
        for (int i = 1; i < 256; i++) {
            Sim.send(g, text("m" + i, "k" + i), IP).body("errcode", equalTo(0));
        }
        Sim.send(g, text("m0 again", "k0"), IP).body("errcode", equalTo(0)); // k0 is the oldest of 256: absorbed
        Sim.send(g, text("m256", "k256"), IP).body("errcode", equalTo(0)); // k0 falls out of the window
        Sim.send(g, text("m0 late", "k0"), IP).body("errcode", equalTo(0));
        Map<String, Object> group = given().get("/sim/groups/" + g.id()).then().extract().as(Map.class);
        assertThat(group).containsEntry("accepted", 258).containsEntry("absorbed", 1);
        given().get("/sim/groups/" + g.id() + "/messages").then()
                .body("messages[-1].message.text.content", equalTo("m0 late"))
                .body("messages[-1].duplicate", equalTo(false));
    }

    @Test
    void aResetForgetsTheMsgUuids() {
        Sim.G g = Sim.group("重置群");
        Sim.send(g, text("before", "k-reset"), IP).body("errcode", equalTo(0));
        given().post("/sim/reset").then().statusCode(200);
        assertThat(stat("absorbed")).isZero();
        Sim.send(g, text("after", "k-reset"), IP).body("errcode", equalTo(0));
        given().get("/sim/groups/" + g.id() + "/messages").then()
                .body("messages.size()", equalTo(1)).body("messages[0].message.text.content", equalTo("after"));
    }

    @Test
    void aSessionWebhookDocumentsNoMsgUuidSoARepeatIsShownAndIsADuplicate() {
        Sim.G g = Sim.group("会话群");
        String session = given().contentType("application/json")
                .body(Map.of("app", "test", "groupId", g.id(), "text", "你好", "senderNick", "小明"))
                .post("/sim/callbacks/robot-messages").then().statusCode(200).extract().path("sessionWebhook");
        long before = stat("duplicates.msgUuid");
        int shownBefore = given().get("/sim/groups/" + g.id() + "/messages").then().extract().path("messages.size()");
        Sim.send(session, text("回答", "s-1"), IP).body("errcode", equalTo(0));
        Sim.send(session, text("回答", "s-1"), IP).body("errcode", equalTo(0));
        given().get("/sim/groups/" + g.id() + "/messages").then()
                .body("messages.size()", equalTo(shownBefore + 2))
                .body("messages[-1].duplicate", equalTo(true))
                .body("group.absorbed", equalTo(0));
        assertThat(stat("duplicates.msgUuid")).isEqualTo(before + 1);
    }
}
