package io.dingrelay.simulator.support;

import io.dingrelay.protocol.signature.WebhookSigner;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;

/** Test helpers for the admin API and the webhook, each call as a client of the running simulator. */
public final class Sim {

    private Sim() {
    }

    /** A created group: its id, webhook and secret. */
    public record G(String id, String conversationId, String webhook, String token, String secret) {
    }

    public static G group(String name, Object security, List<String> keywords, List<String> ips) {
        Map<String, Object> body = new java.util.HashMap<>();
        body.put("name", name);
        body.put("security", security);
        if (keywords != null) {
            body.put("keywords", keywords);
        }
        if (ips != null) {
            body.put("ips", ips);
        }
        var r = given().contentType(ContentType.JSON).body(body).post("/sim/groups").then().statusCode(201).extract();
        return new G(r.path("id"), r.path("conversationId"), r.path("webhook"), r.path("accessToken"), r.path("secret"));
    }

    public static G group(String name) {
        return group(name, "none", null, null);
    }

    /** POSTs a body to a path relative to the simulator (webhook URL stripped of its base), from {@code ip}. */
    public static ValidatableResponse send(String webhook, String json, String ip) {
        return given().contentType("application/json").header("X-Forwarded-For", ip).body(json)
                .urlEncodingEnabled(false)
                .post(webhook.substring(webhook.indexOf("/robot/"))).then();
    }

    public static ValidatableResponse send(G g, String json, String ip) {
        return send(g.webhook(), json, ip);
    }

    public static ValidatableResponse sendSigned(G g, String json, String ip, long timestampMs) {
        return send(WebhookSigner.signUrl(g.webhook(), g.secret(), timestampMs), json, ip);
    }

    public static String text(String content) {
        return "{\"msgtype\":\"text\",\"text\":{\"content\":\"" + content + "\"}}";
    }

    public static void limits(String json) {
        given().contentType(ContentType.JSON).body(json).put("/sim/limits").then().statusCode(200);
    }

    public static void restoreLimits() {
        given().delete("/sim/limits").then().statusCode(200);
        given().delete("/sim/faults").then().statusCode(200);
    }

    public static void advance(long seconds) {
        given().contentType(ContentType.JSON).body("{\"seconds\":" + seconds + "}").post("/sim/clock/advance").then().statusCode(200);
    }
}
