package io.dingrelay.simulator.rest;

import io.dingrelay.simulator.support.Sim;
import io.dingrelay.simulator.support.TestGatewayResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

/** The admin API for groups: creation with DingTalk-like settings, paging, clear 400s naming the field. */
@QuarkusTest
@QuarkusTestResource(TestGatewayResource.class)
class GroupAdminTest {

    @Test
    void createAnswersWebhookAndSecret() {
        given().contentType("application/json").body("{\"name\":\"签名群\",\"security\":\"sign\"}").post("/sim/groups")
                .then().statusCode(201)
                .body("id", notNullValue())
                .body("conversationId", startsWith("cid"))
                .body("webhook", matchesPattern("http://[^/]+/robot/send\\?access_token=[0-9a-f]{64}"))
                .body("secret", matchesPattern("SEC[0-9a-f]{64}"));
        given().contentType("application/json").body("{\"name\":\"无签名\",\"security\":\"keywords\",\"keywords\":[\"a\"]}")
                .post("/sim/groups").then().statusCode(201).body("secret", nullValue());
    }

    @Test
    void badInputNamesTheField() {
        record Case(String body, String field) {
        }
        for (Case c : List.of(
                new Case("{\"security\":\"none\"}", "name"),
                new Case("{\"name\":\"x\",\"security\":\"magic\"}", "security"),
                new Case("{\"name\":\"x\",\"security\":\"keywords\"}", "keywords"),
                new Case("{\"name\":\"x\",\"security\":\"keywords\",\"keywords\":[\"1\",\"2\",\"3\",\"4\",\"5\",\"6\",\"7\",\"8\",\"9\",\"10\",\"11\"]}", "keywords"),
                new Case("{\"name\":\"x\",\"security\":\"ip\"}", "ips"),
                new Case("{\"name\":\"x\",\"security\":\"ip\",\"ips\":[\"300.1.1.1\"]}", "ips[0]"),
                new Case("{\"name\":\"x\",\"security\":\"ip\",\"ips\":[\"::1\"]}", "ips[0]"),
                new Case("{\"name\":\"x\",\"keywords\":\"notalist\"}", "keywords"),
                new Case("{\"name\":", "body"))) {
            given().contentType("application/json").body(c.body()).post("/sim/groups")
                    .then().statusCode(400).body("field", equalTo(c.field())).body("error", notNullValue());
        }
        given().get("/sim/groups/nope").then().statusCode(404);
        given().get("/sim/groups?limit=0").then().statusCode(400).body("field", equalTo("limit"));
        given().get("/sim/groups?limit=many").then().statusCode(400).body("field", equalTo("limit"));
        given().get("/sim/groups?after=g999999999").then().statusCode(400).body("field", equalTo("after"));
        String id = Sim.group("bad-after").id();
        given().get("/sim/groups/" + id + "/messages?after=soon").then().statusCode(400).body("field", equalTo("after"));
    }

    @Test
    void pagesThroughGroupsInCreationOrder() {
        String first = Sim.group("page-1").id();
        Sim.group("page-2");
        Sim.group("page-3");
        var page1 = given().get("/sim/groups?limit=2&after=" + prior(first)).then().statusCode(200)
                .body("groups", hasSize(2)).body("groups[0].name", equalTo("page-1")).extract();
        String next = page1.path("next");
        given().get("/sim/groups?limit=2&after=" + next).then().body("groups[0].name", equalTo("page-3"));
    }

    @Test
    void bulkCreate() {
        given().contentType("application/json").body("{\"count\":50,\"namePrefix\":\"bulk\",\"security\":\"none\"}")
                .post("/sim/groups/bulk").then().statusCode(201).body("groups", hasSize(50));
        given().contentType("application/json").body("{\"count\":0}").post("/sim/groups/bulk").then().statusCode(400)
                .body("field", equalTo("count"));
    }

    /** The id of the group created just before {@code id} ("g" + sequence), or nothing for the first. */
    private static String prior(String id) {
        long seq = Long.parseLong(id.substring(1));
        return seq > 1 ? "g" + (seq - 1) : "";
    }
}
