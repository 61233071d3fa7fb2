package io.dingrelay.simulator.dingtalk;

import io.dingrelay.protocol.message.OpenApiTemplate;
import io.dingrelay.simulator.support.Sim;
import io.dingrelay.simulator.support.TestGateway;
import io.dingrelay.simulator.support.TestGatewayResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

/** The robot OpenAPI: access tokens, groupMessages/send with its validation and the per-app QPS limit. */
@QuarkusTest
@QuarkusTestResource(TestGatewayResource.class)
class OpenApiTest {

    private static final String IP = "10.4.0.1";

    @AfterEach
    void restore() {
        Sim.restoreLimits();
    }

    static String token() {
        return given().contentType("application/json").header("X-Forwarded-For", IP)
                .body(Map.of("appKey", TestGateway.APP_KEY, "appSecret", TestGateway.APP_SECRET))
                .post("/v1.0/oauth2/accessToken").then().statusCode(200).body("expireIn", equalTo(7200))
                .extract().path("accessToken");
    }

    static ValidatableResponse send(String token, String cid, String msgKey, String msgParam) {
        Map<String, Object> body = new java.util.HashMap<>();
        body.put("robotCode", TestGateway.APP_KEY);
        body.put("openConversationId", cid);
        body.put("msgKey", msgKey);
        body.put("msgParam", msgParam);
        var req = given().contentType("application/json").header("X-Forwarded-For", IP);
        if (token != null) {
            req.header("x-acs-dingtalk-access-token", token);
        }
        return req.body(body).post("/v1.0/robot/groupMessages/send").then();
    }

    @Test
    void sameTokenWithinValidityNewOneAfterExpiry() {
        String first = token();
        assertThat(token()).isEqualTo(first);
        Sim.advance(7201);
        String next = token();
        assertThat(next).isNotEqualTo(first);
        Sim.G g = Sim.group("openapi-expiry");
        send(first, g.conversationId(), "sampleText", "{\"content\":\"x\"}").statusCode(401).body("code", equalTo("InvalidAuthentication"));
        send(next, g.conversationId(), "sampleText", "{\"content\":\"x\"}").statusCode(200);
    }

    @Test
    void wrongCredentialsAre400InvalidClientIdOrSecret() {
        given().contentType("application/json").header("X-Forwarded-For", IP)
                .body(Map.of("appKey", TestGateway.APP_KEY, "appSecret", "wrong"))
                .post("/v1.0/oauth2/accessToken").then().statusCode(400)
                .body("code", equalTo("invalidClientIdOrSecret")).body("requestid", notNullValue());
    }

    @Test
    void groupSendIsRecordedAndAnswersProcessQueryKey() {
        Sim.G g = Sim.group("openapi");
        send(token(), g.conversationId(), "sampleMarkdown", "{\"title\":\"日报\",\"text\":\"### 今日\"}")
                .statusCode(200).body("processQueryKey", notNullValue());
        given().get("/sim/groups/" + g.id() + "/messages").then().body("messages", hasSize(1))
                .body("messages[0].channel", equalTo("openapi"))
                .body("messages[0].msgtype", equalTo("markdown"))
                .body("messages[0].message.markdown.text", equalTo("### 今日"));
    }

    @Test
    void validation() {
        // Twenty-odd calls in a row: on a quick machine they fall in one clock second and would meet the QPS limit
        // (20/s), which appQpsLimitAnswers403 tests on its own.
        Sim.limits("{\"appQpsEnabled\":false}");
        Sim.G g = Sim.group("openapi-validation");
        String t = token();
        send(null, g.conversationId(), "sampleText", "{\"content\":\"x\"}").statusCode(401);
        send("bogus", g.conversationId(), "sampleText", "{\"content\":\"x\"}").statusCode(401)
                .body("code", equalTo("InvalidAuthentication")).body("message", equalTo("不合法的access_token")).body("requestid", notNullValue());
        send(t, g.conversationId(), "sampleNope", "{\"content\":\"x\"}").statusCode(400).body("code", equalTo("invalidParameter.msgKey"))
                .body("message", equalTo("不支持的 msgKey")).body("requestid", notNullValue());
        send(t, g.conversationId(), "sampleText", "{\"text\":\"x\"}").statusCode(400).body("code", equalTo("invalidParameter.msgParam"))
                .body("message", equalTo("msgParam.content 不能为空"));
        send(t, g.conversationId(), "sampleText", "{\"content\":true}").statusCode(400).body("code", equalTo("invalidParameter.msgParam"))
                .body("message", containsString("msgParam.content"));
        send(t, g.conversationId(), "sampleText", "not json").statusCode(400).body("code", equalTo("invalidParameter.msgParam"));
        send(t, g.conversationId(), "sampleText", null).statusCode(400).body("code", equalTo("invalidParameter.msgParam"))
                .body("message", equalTo("msgParam 不能为空"));
        send(t, g.conversationId(), "sampleActionCard3",
                "{\"title\":\"t\",\"text\":\"x\",\"actionTitle1\":\"a\",\"actionURL1\":\"u\",\"actionTitle2\":\"b\",\"actionURL2\":\"u\"}")
                .statusCode(400).body("code", equalTo("invalidParameter.msgParam"));
        send(t, "cidUnknown==", "sampleText", "{\"content\":\"x\"}").statusCode(400)
                .body("code", equalTo("invalidParameter.openConversationId"));
        String big = "{\"content\":\"" + "a".repeat(15_001 - 14) + "\"}";
        assertThat(big.length()).isEqualTo(15_001);
        send(t, g.conversationId(), "sampleText", big).statusCode(400).body("code", equalTo("invalidParameter.msgParam.tooLong"));
        String exactly = "{\"content\":\"" + "a".repeat(15_000 - 14) + "\"}";
        assertThat(exactly.length()).isEqualTo(15_000);
        send(t, g.conversationId(), "sampleText", exactly).statusCode(200);
        given().delete("/sim/groups/" + g.id()).then().statusCode(200);
        send(t, g.conversationId(), "sampleText", "{\"content\":\"x\"}").statusCode(400).body("code", equalTo("group.disbanded"));
    }

    @Test
    void everyTemplateIsAcceptedAndShownAsItsWebhookTwin() {
        Sim.G g = Sim.group("openapi-templates");
        String t = token();
        Sim.advance(1); // a fresh QPS window for the 13 sends
        for (OpenApiTemplate template : OpenApiTemplate.values()) {
            Map<String, String> values = new LinkedHashMap<>();
            template.requiredFields().forEach(f -> values.put(f, "v-" + f));
            send(t, g.conversationId(), template.msgKey(), template.toMsgParam(values)).statusCode(200);
        }
        var messages = given().get("/sim/groups/" + g.id() + "/messages").then().statusCode(200)
                .body("messages", hasSize(OpenApiTemplate.values().length)).extract().jsonPath();
        List<String> types = messages.getList("messages.msgtype");
        assertThat(types).containsExactlyInAnyOrder("text", "markdown", "image", "link", "actionCard", "actionCard", "actionCard",
                "actionCard", "actionCard", "actionCard", "sampleAudio", "sampleFile", "sampleVideo");
        List<Map<String, Object>> cards = messages.getList("messages.findAll { it.msgtype == 'actionCard' }.message.actionCard");
        assertThat(cards).extracting(c -> c.get("btns") == null ? 0 : ((List<?>) c.get("btns")).size()).containsExactlyInAnyOrder(0, 2, 3, 4, 5, 2);
        assertThat(cards).filteredOn(c -> "1".equals(c.get("btnOrientation"))).singleElement()
                .satisfies(c -> assertThat(c.get("btns").toString()).contains("v-buttonTitle2", "v-buttonUrl2"));
    }

    @Test
    void appQpsLimitAnswers403() {
        Sim.limits("{\"appQps\":3}");
        Sim.G g = Sim.group("openapi-qps");
        String t = token();
        Sim.advance(1); // a fresh one-second window, whatever earlier tests sent in this one
        int ok = 0;
        int limited = 0;
        for (int i = 0; i < 10; i++) {
            var r = send(t, g.conversationId(), "sampleText", "{\"content\":\"q" + i + "\"}").extract();
            if (r.statusCode() == 200) {
                ok++;
            } else {
                limited++;
                assertThat(r.statusCode()).isEqualTo(403);
                assertThat((String) r.path("code")).isEqualTo("Forbidden.AccessDenied.QpsLimitForAppkeyAndApi");
                break;
            }
        }
        assertThat(limited).as("a 403 once 3 calls passed in one second").isEqualTo(1);
        assertThat(ok).isGreaterThanOrEqualTo(3);
        Sim.advance(1);
        send(t, g.conversationId(), "sampleText", "{\"content\":\"next second\"}").statusCode(200);
    }
}
