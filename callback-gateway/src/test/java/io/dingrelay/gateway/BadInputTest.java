package io.dingrelay.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dingrelay.events.EventJson;
import io.dingrelay.gateway.support.Callbacks;
import io.dingrelay.gateway.support.GatewayTopics;
import io.dingrelay.gateway.support.Http;
import io.dingrelay.gateway.support.Samples;
import io.dingrelay.gateway.support.TestApps;
import io.dingrelay.gateway.support.TestAppsResource;
import io.dingrelay.gateway.support.TopicReader;
import io.dingrelay.protocol.callback.CallbackCrypto;
import io.dingrelay.protocol.callback.CallbackSignature;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Every kind of bad callback gets its documented status and JSON reason, nothing of it reaches Kafka, and the gateway
 * keeps serving.
 */
@QuarkusTest
@WithTestResource(GatewayTopics.class)
@WithTestResource(TestAppsResource.class)
class BadInputTest {

    static final TestApps.App APP = TestApps.MAIN;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @TestHTTPResource("/")
    URL base;

    record Case(String name, Http.Request request, int status, String error, String field) {
    }

    @Test
    void badEventPushes() {
        String plaintext = Samples.chatAddMember(Samples.uid("ev"), "dingcorp1", "cid1");
        Callbacks.EventPush good = Callbacks.eventPush(APP, plaintext);
        String ts = good.message().timeStamp();
        String nonce = good.message().nonce();
        String sig = good.message().msgSignature();
        String enc = good.message().encrypt();
        String path = "/dingtalk/apps/" + APP.name() + "/events?";
        List<Case> cases = new ArrayList<>();

        cases.add(new Case("body is not JSON", events(path + good.query(), "{\"encrypt\":"), 400, "malformed_body", null));
        cases.add(new Case("body is a JSON array", events(path + good.query(), "[\"" + enc + "\"]"), 400, "malformed_body", null));
        cases.add(new Case("body has no encrypt", events(path + good.query(), "{\"encrypted\":\"" + enc + "\"}"), 400, "malformed_body", "encrypt"));
        cases.add(new Case("encrypt is a number", events(path + good.query(), "{\"encrypt\":12345}"), 400, "malformed_body", "encrypt"));
        cases.add(new Case("empty body", events(path + good.query(), ""), 400, "malformed_body", "body"));
        cases.add(new Case("body is not UTF-8", events(path + good.query(), new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'}), 400, "malformed_body", "body"));
        // Unsigned (a parameter of the signature missing or empty): unauthenticated, like a robot callback without sign.
        cases.add(new Case("no signature", events(path + "timestamp=" + ts + "&nonce=" + nonce, good.body()), 401, "signature_missing", "signature"));
        cases.add(new Case("empty signature", events(path + "signature=&timestamp=" + ts + "&nonce=" + nonce, good.body()), 401, "signature_missing", "signature"));
        cases.add(new Case("no timestamp", events(path + "signature=" + sig + "&nonce=" + nonce, good.body()), 401, "signature_missing", "timestamp"));
        cases.add(new Case("no nonce", events(path + "signature=" + sig + "&timestamp=" + ts, good.body()), 401, "signature_missing", "nonce"));
        cases.add(new Case("no query at all", events(path.substring(0, path.length() - 1), good.body()), 401, "signature_missing", null));
        cases.add(new Case("two different signatures", events(path + good.query() + "&signature=" + "0".repeat(40), good.body()), 400, "bad_query", "signature"));
        cases.add(new Case("msg_signature and signature disagree", events(path + good.query() + "&msg_signature=" + "1".repeat(40), good.body()), 400, "bad_query", "signature"));
        cases.add(new Case("two different timestamps", events(path + good.query() + "&timeStamp=1", good.body()), 400, "bad_query", "timestamp"));
        cases.add(new Case("wrong signature", events(path + "signature=" + flip(sig, 5) + "&timestamp=" + ts + "&nonce=" + nonce, good.body()), 401, "bad_signature", "signature"));
        cases.add(new Case("signature of another token", events(path + "signature=" + CallbackSignature.compute(TestApps.SECOND.token(), ts, nonce, enc) + "&timestamp=" + ts + "&nonce=" + nonce, good.body()), 401, "bad_signature", "signature"));
        cases.add(new Case("timestamp changed after signing", events(path + "signature=" + sig + "&timestamp=" + (Long.parseLong(ts) + 1) + "&nonce=" + nonce, good.body()), 401, "bad_signature", "signature"));
        cases.add(new Case("ciphertext changed after signing", events(path + good.query(), "{\"encrypt\":\"" + flip(enc, 10) + "\"}"), 401, "bad_signature", "signature"));

        // Signed with the right token but not decryptable: only a holder of the token could send these.
        cases.add(resigned("truncated ciphertext", enc.substring(0, 44), ts, nonce, 400, "bad_ciphertext"));
        cases.add(resigned("ciphertext padded with a block", enc + Base64.getEncoder().encodeToString(new byte[16]), ts, nonce, 400, "bad_ciphertext"));
        cases.add(resigned("ciphertext not Base64", enc.substring(0, 20) + "!!!!" + enc.substring(24), ts, nonce, 400, "bad_ciphertext"));
        cases.add(resigned("empty ciphertext", "", ts, nonce, 400, null));
        // Encrypted with our keys for another receiver (another app's ownerKey).
        CallbackCrypto otherReceiver = new CallbackCrypto(APP.token(), APP.aesKey(), TestApps.SECOND.ownerKey());
        Callbacks.EventPush forOther = Callbacks.eventPush(otherReceiver, plaintext, ts, nonce);
        cases.add(new Case("wrong receiver id", events(path + forOther.query(), forOther.body()), 401, "wrong_receiver", "ownerKey"));
        // Well encrypted, but not an event.
        Callbacks.EventPush notJson = Callbacks.eventPush(Callbacks.crypto(APP), "hello", ts, nonce);
        cases.add(new Case("plaintext is not JSON", events(path + notJson.query(), notJson.body()), 400, "malformed_event", "body"));
        Callbacks.EventPush noType = Callbacks.eventPush(Callbacks.crypto(APP), "{\"eventId\":\"e1\"}", ts, nonce);
        cases.add(new Case("plaintext has no EventType", events(path + noType.query(), noType.body()), 400, "malformed_event", "EventType"));

        cases.add(new Case("text/plain", Http.post(path + good.query()).header("Content-Type", "text/plain").body(good.body()), 415, "unsupported_media_type", "Content-Type"));
        cases.add(new Case("no Content-Type", Http.post(path + good.query()).body(good.body()), 415, "unsupported_media_type", "Content-Type"));
        cases.add(new Case("charset gbk", Http.post(path + good.query()).header("Content-Type", "application/json; charset=gbk").body(good.body()), 415, "unsupported_media_type", "Content-Type"));
        cases.add(new Case("too large (Content-Length)", events(path + good.query(), "{\"encrypt\":\"" + "A".repeat(70_000) + "\"}"), 413, "too_large", "body"));
        cases.add(new Case("too large (chunked)", events(path + good.query(), "{\"encrypt\":\"" + "A".repeat(70_000) + "\"}").chunked(), 413, "too_large", "body"));
        cases.addAll(routing("/events", good));

        run(cases);
    }

    @Test
    void badRobotCallbacks() {
        String body = Samples.groupText(Samples.uid("msg"), "cid1", "hi", System.currentTimeMillis());
        long now = System.currentTimeMillis();
        Callbacks.RobotSignature good = Callbacks.robotSignature(APP.appSecret(), now);
        String path = "/dingtalk/apps/" + APP.name() + "/robot";
        List<Case> cases = new ArrayList<>();

        cases.add(new Case("no timestamp", Http.post(path).json().header("sign", good.sign()).body(body), 401, "signature_missing", "timestamp"));
        cases.add(new Case("no sign", Http.post(path).json().header("timestamp", good.timestamp()).body(body), 401, "signature_missing", "sign"));
        cases.add(new Case("two signs", robot(path, good).header("sign", good.sign()).body(body), 400, "bad_header", "sign"));
        cases.add(new Case("two timestamps", robot(path, good).header("timestamp", good.timestamp()).body(body), 400, "bad_header", "timestamp"));
        cases.add(new Case("wrong sign", robot(path, new Callbacks.RobotSignature(good.timestamp(), flip(good.sign(), 3))).body(body), 401, "bad_signature", "sign"));
        cases.add(new Case("sign of another app", robot(path, Callbacks.robotSignature(TestApps.SECOND.appSecret(), now)).body(body), 401, "bad_signature", "sign"));
        cases.add(new Case("timestamp changed after signing", robot(path, new Callbacks.RobotSignature(Long.toString(now + 1), good.sign())).body(body), 401, "bad_signature", "sign"));
        cases.add(new Case("stale timestamp, correctly signed", robot(path, Callbacks.robotSignature(APP.appSecret(), now - 2 * 3_600_000L)).body(body), 401, "signature_stale", "timestamp"));
        cases.add(new Case("future timestamp, correctly signed", robot(path, Callbacks.robotSignature(APP.appSecret(), now + 2 * 3_600_000L)).body(body), 401, "signature_future", "timestamp"));
        cases.add(new Case("timestamp not a number", robot(path, new Callbacks.RobotSignature("yesterday", good.sign())).body(body), 401, "signature_malformed", "timestamp"));
        cases.add(new Case("sign URL-encoded", robot(path, new Callbacks.RobotSignature(good.timestamp(), good.sign().replace("=", "%3D"))).body(body), 401, "signature_malformed", "sign"));
        cases.add(new Case("malformed JSON", robot(path, good).body(body.substring(0, body.length() / 2)), 400, "malformed_body", "body"));
        cases.add(new Case("JSON array", robot(path, good).body("[" + body + "]"), 400, "malformed_body", "body"));
        cases.add(new Case("no msgId", robot(path, good).body(body.replace("\"msgId\"", "\"messageId\"")), 400, "malformed_body", "msgId"));
        cases.add(new Case("empty body", robot(path, good).body(""), 400, "malformed_body", "body"));
        cases.add(new Case("text/plain", Http.post(path).header("Content-Type", "text/plain").header("timestamp", good.timestamp()).header("sign", good.sign()).body(body), 415, "unsupported_media_type", "Content-Type"));
        String big = body.replace("\" hi\"", "\"" + "好".repeat(30_000) + "\"");
        assertThat(big.getBytes(StandardCharsets.UTF_8).length).isGreaterThan(65_536);
        cases.add(new Case("too large", robot(path, good).body(big), 413, "too_large", "body"));
        cases.addAll(routing("/robot", null));

        run(cases);
    }

    @Test
    void aReplayedRobotCallbackIsAnsweredButNotPublishedAgain() {
        String body = Samples.groupText(Samples.uid("msg"), Samples.uid("cid"), "hi", System.currentTimeMillis());
        Callbacks.RobotSignature s = Callbacks.robotSignature(APP);
        Http http = new Http(base.toString());
        assertThat(http.send(robot("/dingtalk/apps/main/robot", s).body(body)).status()).isEqualTo(200);
        try (TopicReader topics = new TopicReader(bootstrap)) {
            Map<String, Long> before = topics.endOffsets(GatewayTopics.TOPICS.keySet());
            for (int i = 0; i < 5; i++) {
                Http.Answer replay = http.send(robot("/dingtalk/apps/main/robot", s).body(body));
                assertThat(replay.status()).isEqualTo(200);
                assertThat(replay.body()).isEqualTo("{\"msgtype\":\"empty\"}");
            }
            assertThat(topics.endOffsets(GatewayTopics.TOPICS.keySet())).isEqualTo(before);
        }
    }

    /** Unknown, disabled and fenced apps: the same valid request to the wrong place. */
    private List<Case> routing(String endpoint, Callbacks.EventPush push) {
        List<Case> cases = new ArrayList<>();
        String q = push == null ? "" : "?" + push.query();
        String body = push == null ? "{}" : push.body();
        cases.add(new Case("unknown app", Http.post("/dingtalk/apps/nosuchapp" + endpoint + q).json().body(body), 404, "unknown_app", "app"));
        cases.add(new Case("unknown app with odd characters", Http.post("/dingtalk/apps/%0Aevil%20app" + endpoint + q).json().body(body), 404, "unknown_app", "app"));
        cases.add(new Case("disabled app", Http.post("/dingtalk/apps/off" + endpoint + q).json().body(body), 404, "app_disabled", "app"));
        if (endpoint.equals("/robot")) {
            cases.add(new Case("endpoint disabled", Http.post("/dingtalk/apps/eventsonly/robot").json().body(body), 404, "endpoint_disabled", "app"));
        }
        cases.add(new Case("source not allowed", Http.post("/dingtalk/apps/fenced" + endpoint + q).json().body(body), 403, "source_not_allowed", null));
        return cases;
    }

    private void run(List<Case> cases) {
        Http http = new Http(base.toString());
        try (TopicReader topics = new TopicReader(bootstrap)) {
            Map<String, Long> before = topics.endOffsets(GatewayTopics.TOPICS.keySet());
            SoftAssertions soft = new SoftAssertions();
            for (Case c : cases) {
                Http.Answer answer = http.send(c.request());
                soft.assertThat(answer.status()).as("%s: status (body %s)", c.name(), answer.body()).isEqualTo(c.status());
                JsonNode json = parse(answer.body());
                soft.assertThat(json.path("error").asText(null)).as("%s: error", c.name()).isEqualTo(c.error() == null ? json.path("error").asText(null) : c.error());
                soft.assertThat(json.path("message").asText("")).as("%s: message", c.name()).isNotBlank();
                if (c.field() != null) {
                    soft.assertThat(json.path("field").asText(null)).as("%s: field", c.name()).isEqualTo(c.field());
                }
                // The detail says what is wrong with the field without naming it again ("[body]: …").
                String field = json.path("field").asText(null);
                if (field != null) {
                    soft.assertThat(json.path("detail").asText("")).as("%s: detail", c.name()).doesNotContain("[" + field + "]");
                }
            }
            soft.assertAll();
            // Nothing of it reached Kafka ...
            assertThat(topics.endOffsets(GatewayTopics.TOPICS.keySet())).isEqualTo(before);
        }
        // ... and the gateway still serves.
        assertThat(http.get("/dingtalk/ping").body()).isEqualTo("pong");
        String msgId = Samples.uid("msg");
        assertThat(http.send(robot("/dingtalk/apps/main/robot", Callbacks.robotSignature(APP))
                .body(Samples.groupText(msgId, Samples.uid("cid"), "still here", System.currentTimeMillis()))).status())
                .isEqualTo(200);
    }

    private Case resigned(String name, String encrypt, String ts, String nonce, int status, String error) {
        String sig = CallbackSignature.compute(APP.token(), ts, nonce, encrypt);
        return new Case(name, events("/dingtalk/apps/" + APP.name() + "/events?signature=" + sig + "&timestamp=" + ts
                + "&nonce=" + nonce, "{\"encrypt\":\"" + encrypt + "\"}"), status, error, null);
    }

    static Http.Request events(String pathAndQuery, String body) {
        return Http.post(pathAndQuery).json().body(body);
    }

    static Http.Request events(String pathAndQuery, byte[] body) {
        return Http.post(pathAndQuery).json().body(body);
    }

    static Http.Request robot(String path, Callbacks.RobotSignature s) {
        return Http.post(path).json().header("timestamp", s.timestamp()).header("sign", s.sign());
    }

    /** The same string with one character replaced by a different one of the same kind. */
    static String flip(String s, int at) {
        char c = s.charAt(at);
        char replacement = Character.isDigit(c) ? (c == '9' ? '0' : (char) (c + 1))
                : Character.isLetter(c) ? (c == 'z' ? 'a' : c == 'Z' ? 'A' : (char) (c + 1)) : 'A';
        return s.substring(0, at) + replacement + s.substring(at + 1);
    }

    static JsonNode parse(String body) {
        try {
            return EventJson.read(body, JsonNode.class);
        } catch (RuntimeException e) {
            return EventJson.mapper().createObjectNode().put("unparseable", new String(body.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
        }
    }
}
