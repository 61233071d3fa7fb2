package io.dingrelay.simulator.dingtalk;

import io.dingrelay.protocol.signature.HmacSigner;
import io.dingrelay.simulator.support.Sim;
import io.dingrelay.simulator.support.TestGatewayResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

/** Each custom-robot webhook rule answered with DingTalk's errcode (HTTP 200), and what the group then shows. */
@QuarkusTest
@QuarkusTestResource(TestGatewayResource.class)
class WebhookRulesTest {

    private static final String IP = "10.1.0.1";

    @AfterEach
    void restore() {
        Sim.restoreLimits();
    }

    @Test
    void acceptedMessageIsWhatTheGroupSees() {
        Sim.G g = Sim.group("接收测试");
        String msg = "{\"msgtype\":\"markdown\",\"markdown\":{\"title\":\"日报\",\"text\":\"### 日报\"},\"msgUuid\":\"u-1\"}";
        Sim.send(g, msg, IP).statusCode(200).body("errcode", equalTo(0)).body("errmsg", equalTo("ok"));
        given().get("/sim/groups/" + g.id() + "/messages").then().statusCode(200)
                .body("messages", hasSize(1))
                .body("messages[0].msgtype", equalTo("markdown"))
                .body("messages[0].message.markdown.title", equalTo("日报"))
                .body("messages[0].msgUuid", equalTo("u-1"))
                .body("messages[0].channel", equalTo("webhook"))
                .body("group.accepted", equalTo(1));
    }

    @Test
    void wrongContentTypeIs43004() {
        Sim.G g = Sim.group("ct");
        given().contentType("text/plain").header("X-Forwarded-For", IP).body(Sim.text("hi")).urlEncodingEnabled(false)
                .post(g.webhook().substring(g.webhook().indexOf("/robot/")))
                .then().statusCode(200).body("errcode", equalTo(43004)).body("errmsg", equalTo("无效的HTTP HEADER Content-Type"));
        Sim.send(g, Sim.text("hi"), IP).body("errcode", equalTo(0)); // application/json, charset ignored
        given().contentType("application/json; charset=utf-8").header("X-Forwarded-For", IP).body(Sim.text("hi"))
                .urlEncodingEnabled(false).post(g.webhook().substring(g.webhook().indexOf("/robot/")))
                .then().body("errcode", equalTo(0));
    }

    @Test
    void bodyOver20000BytesIs460101AndExactly20000IsAccepted() {
        Sim.G g = Sim.group("size");
        String prefix = "{\"msgtype\":\"text\",\"text\":{\"content\":\"";
        String suffix = "\"}}";
        int overhead = (prefix + suffix).getBytes(StandardCharsets.UTF_8).length;
        String exact = prefix + "a".repeat(20_000 - overhead) + suffix;
        String over = prefix + "a".repeat(20_001 - overhead) + suffix;
        org.assertj.core.api.Assertions.assertThat(over.getBytes(StandardCharsets.UTF_8)).hasSize(20_001);
        Sim.send(g, exact, IP).body("errcode", equalTo(0));
        Sim.send(g, over, IP).body("errcode", equalTo(460101)).body("errmsg", equalTo("message too long, exceed 20000 bytes"));
    }

    @Test
    void chineseCountsInUtf8Bytes() {
        Sim.G g = Sim.group("size-cn");
        String prefix = "{\"msgtype\":\"text\",\"text\":{\"content\":\"";
        // 6,700 Chinese characters are 20,100 bytes in UTF-8 although only 6,700 characters.
        Sim.send(g, prefix + "钉".repeat(6_700) + "\"}}", IP).body("errcode", equalTo(460101));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "not json | {oops | 40035",
            "no msgtype | {\"text\":{\"content\":\"x\"}} | 40035",
            "empty msgtype | {\"msgtype\":\"\",\"text\":{\"content\":\"x\"}} | 40035",
            "msgtype not a string | {\"msgtype\":1,\"text\":{\"content\":\"x\"}} | 400105",
            "unknown msgtype | {\"msgtype\":\"image\",\"image\":{\"picURL\":\"x\"}} | 400105",
            "text without text object | {\"msgtype\":\"text\"} | 40035",
            "text content not a string | {\"msgtype\":\"text\",\"text\":{\"content\":5}} | 40035",
            "markdown without title | {\"msgtype\":\"markdown\",\"markdown\":{\"text\":\"x\"}} | 40035",
            "link without messageUrl | {\"msgtype\":\"link\",\"link\":{\"title\":\"t\",\"text\":\"x\"}} | 40035",
            "actionCard without buttons or single | {\"msgtype\":\"actionCard\",\"actionCard\":{\"title\":\"t\",\"text\":\"x\"}} | 40035",
            "actionCard button without URL | {\"msgtype\":\"actionCard\",\"actionCard\":{\"title\":\"t\",\"text\":\"x\",\"btns\":[{\"title\":\"b\"}]}} | 40035",
            "feedCard without links | {\"msgtype\":\"feedCard\",\"feedCard\":{\"links\":[]}} | 40035",
            "isAtAll not boolean | {\"msgtype\":\"text\",\"text\":{\"content\":\"x\"},\"at\":{\"isAtAll\":\"yes\"}} | 40035",
            "51 atUserIds | {\"msgtype\":\"text\",\"text\":{\"content\":\"x\"},\"at\":{\"atUserIds\":[AT51]}} | 40035",
            "empty is only a callback reply | {\"msgtype\":\"empty\"} | 400105",
    })
    void malformedMessagesAreRefused(String name, String body, int errcode) {
        Sim.G g = Sim.group("malformed " + name);
        String ids = String.join(",", java.util.stream.IntStream.range(0, 51).mapToObj(i -> "\"u" + i + "\"").toList());
        Sim.send(g, body.replace("AT51", ids), IP).statusCode(200).body("errcode", equalTo(errcode));
        given().get("/sim/groups/" + g.id() + "/messages").then().body("messages", hasSize(0)).body("group.rejected", equalTo(1));
    }

    @Test
    void everyValidMessageTypeIsAccepted() {
        Sim.G g = Sim.group("types");
        List<String> bodies = List.of(
                Sim.text("hello @150xxxx"),
                "{\"msgtype\":\"link\",\"link\":{\"title\":\"t\",\"text\":\"x\",\"messageUrl\":\"https://example.com\"}}",
                "{\"msgtype\":\"actionCard\",\"actionCard\":{\"title\":\"t\",\"text\":\"x\",\"singleTitle\":\"read\",\"singleURL\":\"https://example.com\"}}",
                "{\"msgtype\":\"actionCard\",\"actionCard\":{\"title\":\"t\",\"text\":\"x\",\"btnOrientation\":\"1\",\"btns\":[{\"title\":\"a\",\"actionURL\":\"https://a\"},{\"title\":\"b\",\"actionURL\":\"https://b\"}]}}",
                "{\"msgtype\":\"feedCard\",\"feedCard\":{\"links\":[{\"title\":\"t\",\"messageURL\":\"https://a\",\"picURL\":\"https://p\"}]}}");
        for (String b : bodies) {
            Sim.send(g, b, IP).body("errcode", equalTo(0));
        }
        given().get("/sim/groups/" + g.id() + "/messages").then().body("messages.msgtype",
                equalTo(List.of("text", "link", "actionCard", "actionCard", "feedCard")));
    }

    @Test
    void unknownMissingAndRevokedTokens() {
        given().contentType("application/json").body(Sim.text("x")).post("/robot/send?access_token=nope")
                .then().statusCode(200).body("errcode", equalTo(300001)).body("errmsg", equalTo("token is not exist"));
        given().contentType("application/json").body(Sim.text("x")).post("/robot/send")
                .then().statusCode(200).body("errcode", equalTo(300001));
        Sim.G g = Sim.group("revoked");
        given().post("/sim/groups/" + g.id() + "/token/revoke").then().statusCode(200).body("state", equalTo("TOKEN_REVOKED"));
        Sim.send(g, Sim.text("x"), IP).body("errcode", equalTo(300001));
        Sim.limits("{\"tokenErrcode\":400101}");
        Sim.send(g, Sim.text("x"), IP).body("errcode", equalTo(400101)).body("errmsg", equalTo("access_token不存在"));
    }

    @Test
    void disbandedGroupAndStoppedRobot() {
        Sim.G d = Sim.group("disbanded");
        given().delete("/sim/groups/" + d.id()).then().statusCode(200).body("state", equalTo("DISBANDED"));
        Sim.send(d, Sim.text("x"), IP).body("errcode", equalTo(400013)).body("errmsg", equalTo("群已被解散"));
        Sim.G s = Sim.group("stopped");
        given().post("/sim/groups/" + s.id() + "/robot/stop").then().statusCode(200);
        Sim.send(s, Sim.text("x"), IP).body("errcode", equalTo(400102)).body("errmsg", equalTo("机器人已停用"));
        given().post("/sim/groups/" + s.id() + "/restore").then().statusCode(200);
        Sim.send(s, Sim.text("x"), IP).body("errcode", equalTo(0));
    }

    @Test
    void keywordsMustAppearInTheVisibleText() {
        Sim.G g = Sim.group("kw", "keywords", List.of("疫情", "日报"), null);
        Sim.send(g, Sim.text("今天的日报"), IP).body("errcode", equalTo(0));
        Sim.send(g, Sim.text("hello"), IP).body("errcode", equalTo(310000)).body("errmsg", equalTo("keywords not in content"));
        // A keyword only inside a URL does not count.
        Sim.send(g, "{\"msgtype\":\"link\",\"link\":{\"title\":\"t\",\"text\":\"x\",\"messageUrl\":\"https://e.com/日报\"}}", IP)
                .body("errcode", equalTo(310000));
        Sim.send(g, "{\"msgtype\":\"markdown\",\"markdown\":{\"title\":\"疫情\",\"text\":\"x\"}}", IP).body("errcode", equalTo(0));
    }

    @Test
    void signatureWithinTheHourIsAcceptedAndStaleWrongOrMissingAreNot() {
        Sim.G g = Sim.group("signed", "sign", null, null);
        org.assertj.core.api.Assertions.assertThat(g.secret()).startsWith("SEC");
        long now = System.currentTimeMillis();
        Sim.sendSigned(g, Sim.text("ok"), IP, now).body("errcode", equalTo(0));
        Sim.sendSigned(g, Sim.text("59 min old"), IP, now - 59 * 60_000).body("errcode", equalTo(0));
        Sim.sendSigned(g, Sim.text("61 min old"), IP, now - 61 * 60_000)
                .body("errcode", equalTo(310000)).body("errmsg", equalTo("invalid timestamp"));
        Sim.sendSigned(g, Sim.text("61 min ahead"), IP, now + 61 * 60_000)
                .body("errcode", equalTo(310000)).body("errmsg", equalTo("invalid timestamp"));
        Sim.send(g, Sim.text("unsigned"), IP).body("errcode", equalTo(310000));
        String wrong = URLEncoder.encode(HmacSigner.sign("SECwrong", now), StandardCharsets.UTF_8);
        Sim.send(g.webhook() + "&timestamp=" + now + "&sign=" + wrong, Sim.text("wrong"), IP)
                .body("errcode", equalTo(310000)).body("errmsg", equalTo("sign not match"));
        // Encoded twice: the classic mistake.
        String twice = URLEncoder.encode(URLEncoder.encode(HmacSigner.sign(g.secret(), now), StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        Sim.send(g.webhook() + "&timestamp=" + now + "&sign=" + twice, Sim.text("twice"), IP)
                .body("errcode", equalTo(310000)).body("errmsg", equalTo("sign not match"));
    }

    @Test
    void ipAllowList() {
        Sim.G g = Sim.group("ip", "ip", null, List.of("10.9.0.0/16", "192.0.2.7"));
        Sim.send(g, Sim.text("a"), "10.9.3.4").body("errcode", equalTo(0));
        Sim.send(g, Sim.text("b"), "192.0.2.7").body("errcode", equalTo(0));
        Sim.send(g, Sim.text("c"), "10.8.0.1").body("errcode", equalTo(310000))
                .body("errmsg", equalTo("ip 10.8.0.1 not in whitelist"));
    }

    @Test
    void severalSecuritySettingsAllApply() {
        Sim.G g = Sim.group("sign+kw", List.of("sign", "keywords"), List.of("日报"), null);
        long now = System.currentTimeMillis();
        Sim.sendSigned(g, Sim.text("日报"), IP, now).body("errcode", equalTo(0));
        Sim.sendSigned(g, Sim.text("other"), IP, now).body("errmsg", equalTo("keywords not in content"));
        Sim.send(g, Sim.text("日报"), IP).body("errmsg", startsWith("sign"));
    }
}
