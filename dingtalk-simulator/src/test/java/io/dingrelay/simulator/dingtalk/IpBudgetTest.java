package io.dingrelay.simulator.dingtalk;

import io.dingrelay.simulator.support.Sim;
import io.dingrelay.simulator.support.TestGatewayResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/** The per-client-IP budget across all APIs, then a ban answered with the punish JSON or the HTML page. */
@QuarkusTest
@QuarkusTestResource(TestGatewayResource.class)
class IpBudgetTest {

    @AfterEach
    void restore() {
        Sim.restoreLimits();
    }

    @Test
    void overTheBudgetTheIpIsBannedWithThePunishBodyUntilTheBanEnds() {
        Sim.limits("{\"robotEnabled\":false,\"ipCalls\":5,\"ipWindowSeconds\":20,\"ipBanSeconds\":300}");
        Sim.G g = Sim.group("ip-budget");
        String ip = "10.3.0.1";
        for (int i = 0; i < 5; i++) {
            Sim.send(g, Sim.text("m" + i), ip).body("errcode", equalTo(0));
        }
        Sim.send(g, Sim.text("sixth"), ip).statusCode(200)
                .body("status", equalTo(1111)).body("punish", equalTo("deny")).body("source", equalTo("x5"));
        // Every API of that IP is banned, also the OpenAPI; other IPs are not.
        given().header("X-Forwarded-For", ip).contentType("application/json").body("{}").post("/v1.0/oauth2/accessToken")
                .then().body("punish", equalTo("deny"));
        Sim.send(g, Sim.text("other ip"), "10.3.0.2").body("errcode", equalTo(0));
        given().get("/sim/stats").then().body("ipWindows.'10.3.0.1'.bannedUntil", org.hamcrest.Matchers.greaterThan(0L));

        // The simulated clock runs on from real time: 10 s short of the end leaves room for a slow machine between
        // the ban and this check (1 s did not, under a load average of 20); 301 s in all is just past the end.
        Sim.advance(290);
        Sim.send(g, Sim.text("still banned"), ip).body("punish", equalTo("deny"));
        Sim.advance(11);
        Sim.send(g, Sim.text("after the ban"), ip).body("errcode", equalTo(0));
    }

    @Test
    void windowResetsAfterItsLength() {
        Sim.limits("{\"robotEnabled\":false,\"ipCalls\":3,\"ipWindowSeconds\":20}");
        Sim.G g = Sim.group("ip-window");
        String ip = "10.3.1.1";
        for (int i = 0; i < 3; i++) {
            Sim.send(g, Sim.text("m" + i), ip).body("errcode", equalTo(0));
        }
        Sim.advance(21);
        for (int i = 0; i < 3; i++) {
            Sim.send(g, Sim.text("n" + i), ip).body("errcode", equalTo(0));
        }
    }

    @Test
    void htmlBanPage() {
        Sim.limits("{\"ipCalls\":1,\"ipBanBody\":\"html\"}");
        Sim.G g = Sim.group("ip-html");
        String ip = "10.3.2.1";
        Sim.send(g, Sim.text("one"), ip).body("errcode", equalTo(0));
        Sim.send(g, Sim.text("two"), ip).statusCode(200).contentType(startsWith("text/html"))
                .body(containsString("punish"));
    }
}
