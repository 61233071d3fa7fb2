package io.dingrelay.simulator.dingtalk;

import io.dingrelay.simulator.support.Sim;
import io.dingrelay.simulator.support.TestGatewayResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

/** 20 messages per minute per robot, the 21st starts a 10-minute ban; the ban ends when (simulated) time passes. */
@QuarkusTest
@QuarkusTestResource(TestGatewayResource.class)
class ThrottleTest {

    private static final String IP = "10.2.0.1";

    @AfterEach
    void restore() {
        Sim.restoreLimits();
    }

    @Test
    void twentyFirstMessageInAMinuteIsThrottledForTenMinutes() {
        Sim.G g = Sim.group("限流");
        for (int i = 1; i <= 20; i++) {
            Sim.send(g, Sim.text("m" + i), IP).body("errcode", equalTo(0));
        }
        Sim.send(g, Sim.text("m21"), IP).statusCode(200).body("errcode", equalTo(410100)).body("errmsg", equalTo("发送速度太快而限流"));
        given().get("/sim/groups/" + g.id()).then().body("bannedUntil", greaterThan(0L)).body("accepted", equalTo(20));
        given().get("/sim/stats").then().body("bannedRobots", hasKey(g.id()));

        Sim.advance(9 * 60 + 50);
        Sim.send(g, Sim.text("still banned"), IP).body("errcode", equalTo(410100));
        Sim.advance(11);
        Sim.send(g, Sim.text("after the ban"), IP).body("errcode", equalTo(0));
        given().get("/sim/stats").then().body("bannedRobots", not(hasKey(g.id())));
        given().get("/sim/groups/" + g.id() + "/messages").then()
                .body("group.accepted", equalTo(21))
                .body("messages", hasSize(20)) // history.per-group keeps the newest 20
                .body("messages[-1].message.text.content", equalTo("after the ban"));
    }

    @Test
    void windowSlides() {
        Sim.limits("{\"robotPerMinute\":3}");
        Sim.G g = Sim.group("sliding");
        for (int i = 0; i < 3; i++) {
            Sim.send(g, Sim.text("m" + i), IP).body("errcode", equalTo(0));
        }
        Sim.advance(61);
        for (int i = 0; i < 3; i++) {
            Sim.send(g, Sim.text("n" + i), IP).body("errcode", equalTo(0));
        }
        Sim.send(g, Sim.text("fourth in the new minute"), IP).body("errcode", equalTo(410100));
    }

    @Test
    void throttleCodeAndBanAreConfigurableAndLimitsSwitchOff() {
        Sim.limits("{\"robotPerMinute\":2,\"robotBanSeconds\":5,\"robotThrottleErrcode\":130101}");
        Sim.G g = Sim.group("configurable");
        Sim.send(g, Sim.text("1"), IP).body("errcode", equalTo(0));
        Sim.send(g, Sim.text("2"), IP).body("errcode", equalTo(0));
        Sim.send(g, Sim.text("3"), IP).body("errcode", equalTo(130101)).body("errmsg", equalTo("send too fast, exceed 20 times per minute"));
        Sim.advance(6);
        Sim.send(g, Sim.text("4"), IP).body("errcode", equalTo(0));

        Sim.limits("{\"robotEnabled\":false}");
        Sim.G free = Sim.group("unlimited");
        for (int i = 0; i < 30; i++) {
            Sim.send(free, Sim.text("x" + i), IP).body("errcode", equalTo(0));
        }
    }

    @Test
    void badLimitsAreRefusedNamingTheField() {
        given().contentType("application/json").body("{\"robotThrottleErrcode\":123}").put("/sim/limits")
                .then().statusCode(400).body("field", equalTo("robotThrottleErrcode"));
        given().contentType("application/json").body("{\"robotPerMinute\":\"many\"}").put("/sim/limits")
                .then().statusCode(400).body("field", equalTo("robotPerMinute"));
        given().contentType("application/json").body("{\"nope\":1}").put("/sim/limits")
                .then().statusCode(400).body("field", equalTo("nope"));
        given().contentType("application/json").body("{\"seconds\":-5}").post("/sim/clock/advance")
                .then().statusCode(400).body("field", equalTo("seconds"));
    }
}
