package io.dingrelay.simulator.rest;

import io.dingrelay.simulator.support.Sim;
import io.dingrelay.simulator.support.TestGatewayResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.SocketTimeoutException;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

/** Run statistics with duplicate detection and reset; injected faults per group and globally. */
@QuarkusTest
@QuarkusTestResource(TestGatewayResource.class)
class StatsAndFaultsTest {

    private static final String IP = "10.5.0.1";

    @AfterEach
    void restore() {
        Sim.restoreLimits();
    }

    @Test
    void webhookRetriesByMsgUuidAreAbsorbedIdenticalBodiesAreDuplicatesAndResetStartsANewRun() {
        Sim.G g = Sim.group("dups");
        Map<String, Object> before = given().get("/sim/stats").then().extract().as(Map.class);
        long uuidDups = ((Number) ((Map<?, ?>) before.get("duplicates")).get("msgUuid")).longValue();
        long bodyDups = ((Number) ((Map<?, ?>) before.get("duplicates")).get("body")).longValue();
        long absorbed = ((Number) before.get("absorbed")).longValue();

        Sim.send(g, "{\"msgtype\":\"text\",\"text\":{\"content\":\"a\"},\"msgUuid\":\"k1\"}", IP).body("errcode", equalTo(0));
        Sim.send(g, "{\"msgtype\":\"text\",\"text\":{\"content\":\"retry\"},\"msgUuid\":\"k1\"}", IP).body("errcode", equalTo(0));
        Sim.send(g, Sim.text("same"), IP).body("errcode", equalTo(0));
        Sim.send(g, Sim.text("same"), IP).body("errcode", equalTo(0));
        Sim.send(Sim.group("other group"), Sim.text("same"), IP).body("errcode", equalTo(0)); // not a duplicate: another group

        given().get("/sim/stats").then()
                .body("duplicates.msgUuid", equalTo((int) uuidDups)) // the webhook retry is absorbed (MsgUuidTest)
                .body("absorbed", equalTo((int) absorbed + 1))
                .body("duplicates.body", equalTo((int) bodyDups + 1));
        given().get("/sim/groups/" + g.id() + "/messages").then()
                .body("messages.duplicate", equalTo(java.util.List.of(false, false, true)));

        String run = given().get("/sim/stats").then().extract().path("runId");
        String newRun = given().post("/sim/reset").then().statusCode(200).extract().path("runId");
        assertThat(newRun).isNotEqualTo(run);
        given().get("/sim/stats").then().body("accepted", equalTo(0)).body("duplicates.body", equalTo(0)).body("absorbed", equalTo(0));
        given().get("/sim/groups/" + g.id() + "/messages").then().body("messages.size()", equalTo(0));
        Sim.send(g, Sim.text("same"), IP).body("errcode", equalTo(0));
        given().get("/sim/groups/" + g.id() + "/messages").then().body("messages[0].duplicate", equalTo(false));
    }

    @Test
    void statsCountRejectionsByErrcode() {
        Sim.G g = Sim.group("rejections");
        given().delete("/sim/groups/" + g.id()).then().statusCode(200);
        long before = count("400013");
        Sim.send(g, Sim.text("x"), IP).body("errcode", equalTo(400013));
        assertThat(count("400013")).isEqualTo(before + 1);
        given().get("/sim/rejections").then().body("findAll { it.groupId == '" + g.id() + "' }.code", equalTo(java.util.List.of("400013")));
    }

    private static long count(String code) {
        Map<String, Object> by = given().get("/sim/stats").then().extract().path("rejectedByCode");
        Object v = by.get(code);
        return v == null ? 0 : ((Number) v).longValue();
    }

    @Test
    void serverErrorsForOneGroupOnly() {
        Sim.G broken = Sim.group("faulty");
        Sim.G fine = Sim.group("fine");
        given().contentType("application/json").body("{\"groupId\":\"" + broken.id() + "\",\"errorRate\":1.0,\"errorStatus\":502}")
                .put("/sim/faults").then().statusCode(200);
        Sim.send(broken, Sim.text("x"), IP).statusCode(502);
        Sim.send(fine, Sim.text("x"), IP).statusCode(200).body("errcode", equalTo(0));
        given().get("/sim/faults").then().body("applied.error", greaterThanOrEqualTo(1));
        given().delete("/sim/faults?groupId=" + broken.id()).then().statusCode(200);
        Sim.send(broken, Sim.text("x"), IP).statusCode(200).body("errcode", equalTo(0));
    }

    @Test
    void forcedThrottleAndLatencyGlobally() {
        Sim.G g = Sim.group("forced");
        given().contentType("application/json").body("{\"throttleRate\":1.0,\"latencyMs\":50}").put("/sim/faults").then().statusCode(200);
        Sim.send(g, Sim.text("x"), IP).statusCode(200).body("errcode", equalTo(410100));
        given().get("/sim/faults").then().body("applied.throttle", greaterThanOrEqualTo(1)).body("applied.delayed", greaterThanOrEqualTo(1));
    }

    @Test
    void droppedConnectionsAndTimeouts() {
        Sim.G g = Sim.group("drop");
        given().contentType("application/json").body("{\"groupId\":\"" + g.id() + "\",\"dropRate\":1.0}").put("/sim/faults").then().statusCode(200);
        assertThatThrownBy(() -> Sim.send(g, Sim.text("x"), IP)).isInstanceOf(Exception.class);

        given().contentType("application/json").body("{\"groupId\":\"" + g.id() + "\",\"timeoutRate\":1.0}").put("/sim/faults").then().statusCode(200);
        RestAssuredConfig shortTimeout = RestAssuredConfig.config().httpClient(HttpClientConfig.httpClientConfig()
                .setParam("http.socket.timeout", 1000).setParam("http.connection.timeout", 1000));
        assertThatThrownBy(() -> given().config(shortTimeout).contentType("application/json").body(Sim.text("x"))
                .urlEncodingEnabled(false).post(g.webhook().substring(g.webhook().indexOf("/robot/"))))
                .isInstanceOf(SocketTimeoutException.class);
        given().get("/sim/faults").then().body("applied.timeout", greaterThanOrEqualTo(1)).body("applied.drop", greaterThanOrEqualTo(1));
    }

    @Test
    void badFaultsAreRefused() {
        given().contentType("application/json").body("{\"errorRate\":2}").put("/sim/faults").then().statusCode(400)
                .body("field", equalTo("errorRate"));
        given().contentType("application/json").body("{\"groupId\":\"nope\"}").put("/sim/faults").then().statusCode(400)
                .body("field", equalTo("groupId"));
    }
}
