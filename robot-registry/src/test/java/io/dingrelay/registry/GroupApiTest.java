package io.dingrelay.registry;

import static io.dingrelay.registry.Api.admin;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;

import io.dingrelay.testkit.KafkaResource;
import io.dingrelay.testkit.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The admin API as an operator uses it: registration, masking, bad input, patch, delete, lookup, OpenAPI. */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(PostgresResource.class)
class GroupApiTest {

    @Test
    void everyApiCallNeedsTheBearerToken() {
        given().get("/api/groups").then().statusCode(401).header("WWW-Authenticate", containsString("Bearer"))
                .body("field", equalTo("Authorization"));
        given().header("Authorization", "Bearer wrong").get("/api/groups").then().statusCode(401);
        given().get("/api/audience").then().statusCode(401);
        given().post("/api/keys/rotate").then().statusCode(401);
    }

    @Test
    void aRegisteredWebhookIsShownMaskedAndNeverTwice() {
        String token = Api.token();
        String secret = "SEC" + Api.token().substring(0, 40) + "c3";
        String id = admin().contentType(ContentType.JSON)
                .body(Map.of("title", "运维群", "webhook", Api.webhook(token), "secret", secret, "tags", List.of("ops", "bj")))
                .post("/api/groups").then().statusCode(201)
                .body("kind", equalTo("CUSTOM_WEBHOOK"))
                .body("status", equalTo("ACTIVE"))
                .body("webhook", equalTo("https://oapi.dingtalk.com/robot/send?access_token=" + token.substring(0, 4)
                        + "…" + token.substring(62)))
                .body("secret", equalTo("SEC…c3"))
                .body("keyId", equalTo("k2"))
                .body("tags", equalTo(List.of("bj", "ops")))
                .extract().path("id");

        String shown = admin().get("/api/groups/" + id).then().statusCode(200).extract().asString();
        assertThat(shown).doesNotContain(token).doesNotContain(secret);

        admin().contentType(ContentType.JSON).body(Map.of("title", "again", "webhook", Api.webhook(token)))
                .post("/api/groups").then().statusCode(409)
                .body("error", equalTo("duplicate")).body("field", equalTo("webhook")).body("id", equalTo(id))
                .body(org.hamcrest.Matchers.not(containsString(token)));
    }

    @Test
    void badWebhooksAreRefusedNamingTheField() {
        String token = Api.token();
        refused(Map.of("title", "t", "webhook", "https://evil.example.com/robot/send?access_token=" + token), "webhook",
                "not in dingrelay.webhook-hosts", token);
        refused(Map.of("title", "t", "webhook", "https://oapi.dingtalk.com/robot/send"), "webhook", "has no access_token", token);
        refused(Map.of("title", "t", "webhook", "::not a url"), "webhook", "", token);
        refused(Map.of("title", "t", "webhook", Api.webhook(token), "secret", "abcdefghijkl"), "secret", "must start with SEC", token);
        refused(Map.of("webhook", Api.webhook(token)), "title", "is required", token);
        refused(Map.of("title", "t", "webhook", Api.webhook(token), "tags", List.of("no spaces")), "tags", "each tag", token);
        admin().contentType(ContentType.JSON).body("{\"title\":").post("/api/groups").then().statusCode(400)
                .body("field", equalTo("body"));
        admin().get("/api/groups/does-not-exist").then().statusCode(404).body("error", equalTo("not_found"));
        admin().get("/api/groups?status=SLEEPING").then().statusCode(400).body("field", equalTo("status"));
    }

    private static void refused(Map<String, Object> body, String field, String reason, String token) {
        String answer = admin().contentType(ContentType.JSON).body(body).post("/api/groups").then().statusCode(400)
                .body("field", equalTo(field)).body("message", containsString(reason)).extract().asString();
        assertThat(answer).doesNotContain(token);
    }

    @Test
    void openApiGroupsArePatchedPausedResumedLookedUpAndDeleted() {
        String cid = Api.unique("cid");
        String id = admin().contentType(ContentType.JSON)
                .body(Map.of("kind", "ENTERPRISE_ROBOT", "app", "demo", "openConversationId", cid, "robotCode", "ding-robot",
                        "corpId", "ding-corp", "title", "销售群"))
                .post("/api/groups").then().statusCode(201).body("webhook", nullValue()).extract().path("id");
        admin().contentType(ContentType.JSON)
                .body(Map.of("kind", "ENTERPRISE_ROBOT", "app", "demo", "openConversationId", cid, "robotCode", "r"))
                .post("/api/groups").then().statusCode(409).body("id", equalTo(id));
        admin().contentType(ContentType.JSON).body(Map.of("kind", "COOL_APP", "app", "demo", "openConversationId", "x"))
                .post("/api/groups").then().statusCode(400).body("field", equalTo("coolAppCode"));

        // chat-bridge's lookup by conversation
        admin().get("/api/groups?openConversationId=" + cid).then().statusCode(200)
                .body("items.id", equalTo(List.of(id))).body("next", nullValue());

        admin().contentType(ContentType.JSON).body(Map.of("tags", List.of("vip"), "title", "新名字", "status", "PAUSED"))
                .patch("/api/groups/" + id).then().statusCode(200)
                .body("tags", equalTo(List.of("vip"))).body("title", equalTo("新名字")).body("status", equalTo("PAUSED"));
        admin().contentType(ContentType.JSON).body(Map.of("status", "DISABLED")).patch("/api/groups/" + id).then()
                .statusCode(400).body("field", equalTo("status"));
        admin().contentType(ContentType.JSON).body(Map.of("status", "ACTIVE")).patch("/api/groups/" + id).then()
                .statusCode(200).body("status", equalTo("ACTIVE")).body("statusReason", nullValue());
        admin().get("/api/groups?tag=vip&kind=ENTERPRISE_ROBOT&q=新名").then().statusCode(200).body("items.id", hasItems(id));

        admin().delete("/api/groups/" + id).then().statusCode(204);
        admin().get("/api/groups/" + id).then().statusCode(404);
        admin().delete("/api/groups/" + id).then().statusCode(404);
    }

    @Test
    void theOpenApiDescriptionListsTheApi() {
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body(containsString("/api/groups")).body(containsString("/api/groups/import"))
                .body(containsString("/api/keys/rotate")).body(containsString("/api/audience"));
    }
}
