package io.dingrelay.gateway.support;

import static io.restassured.RestAssured.given;

import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;

/** The simulator's Stream control API ({@code /sim/stream/...}) for the gateway's tests. */
public final class StreamSim {

    private final String base;

    public StreamSim(String base) {
        this.base = base;
    }

    /** A group in the simulator: {@code [id, conversationId]}. */
    public String[] group(String name) {
        var r = given().baseUri(base).contentType("application/json").body("{\"name\":\"" + name + "\"}")
                .post("/sim/groups").then().statusCode(201).extract();
        return new String[] {r.path("id"), r.path("conversationId")};
    }

    public ExtractableResponse<Response> post(String path, String json) {
        return given().baseUri(base).contentType("application/json").body(json).post(path).then().extract();
    }

    public ExtractableResponse<Response> get(String path) {
        return given().baseUri(base).get(path).then().extract();
    }

    /** A robot message over the app's Stream connection; answered once the gateway ACKed it. */
    public ExtractableResponse<Response> robotMessage(String app, String groupId, String text) {
        return post("/sim/stream/robot-messages", "{\"app\":\"" + app + "\",\"groupId\":\"" + groupId + "\",\"text\":\"" + text + "\"}");
    }

    /** An event over the app's Stream connection; answered after the gateway's first ACK (redelivered until SUCCESS). */
    public ExtractableResponse<Response> event(String app, String type, String groupId) {
        return post("/sim/stream/events", "{\"app\":\"" + app + "\",\"type\":\"" + type + "\""
                + (groupId != null ? ",\"groupId\":\"" + groupId + "\"" : "") + "}");
    }

    /** A frame written as it is; with {@code messageId}, answered with the gateway's ACK to it. */
    public ExtractableResponse<Response> raw(String app, String text, String messageId) {
        var body = new java.util.LinkedHashMap<String, Object>();
        body.put("app", app);
        body.put("text", text);
        if (messageId != null) {
            body.put("messageId", messageId);
        }
        return given().baseUri(base).contentType("application/json").body(body).post("/sim/stream/frames").then().extract();
    }

    /** The simulator's open connections of {@code app} (state OPEN). */
    public List<Map<String, Object>> openConnections(String app) {
        List<Map<String, Object>> all = get("/sim/stream").path("connections");
        return all.stream().filter(c -> app.equals(c.get("app")) && "OPEN".equals(c.get("state"))).toList();
    }

    public String newMessageId() {
        return get("/sim/stream/message-id").path("messageId");
    }

    /** A CALLBACK or EVENT frame as DingTalk writes it (§6.3). */
    public static String frame(String type, String topic, String messageId, Map<String, String> headers, String data) {
        var f = io.dingrelay.events.EventJson.mapper().createObjectNode();
        f.put("specVersion", "1.0");
        f.put("type", type);
        var h = f.putObject("headers");
        h.put("topic", topic);
        h.put("messageId", messageId);
        h.put("contentType", "application/json");
        h.put("time", Long.toString(System.currentTimeMillis()));
        headers.forEach(h::put);
        f.put("data", data);
        return f.toString();
    }
}
