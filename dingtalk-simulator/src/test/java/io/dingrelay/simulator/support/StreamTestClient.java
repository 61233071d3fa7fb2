package io.dingrelay.simulator.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;

/**
 * A bare Stream client for the simulator's tests, on the JDK's own WebSocket (nothing of ours and no Vert.x): opens a
 * connection, collects the frames the simulator writes and sends back whatever ACK the test chooses.
 */
public final class StreamTestClient implements WebSocket.Listener, AutoCloseable {

    public static final String APP_KEY = "dingtestappkey0001";
    public static final String APP_SECRET = "test-app-secret-0123456789abcdefghijklmnopqrstuvwxyz";
    public static final String BOTH = "[{\"type\":\"EVENT\",\"topic\":\"*\"},{\"type\":\"CALLBACK\",\"topic\":\"/v1.0/im/bot/messages/get\"}]";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The answer of {@code /v1.0/gateway/connections/open}. */
    public record Opened(String endpoint, String ticket) {
    }

    private final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;

    /** Opens a connection for the test app with both subscriptions. */
    public static Opened open() {
        return open(APP_KEY, APP_SECRET, BOTH);
    }

    public static Opened open(String clientId, String secret, String subscriptions) {
        var r = given().contentType("application/json")
                .body("{\"clientId\":\"" + clientId + "\",\"clientSecret\":\"" + secret + "\",\"subscriptions\":" + subscriptions
                        + ",\"ua\":\"dingrelay-test\"}")
                .post("/v1.0/gateway/connections/open").then().statusCode(200).extract();
        return new Opened(r.path("endpoint"), r.path("ticket"));
    }

    public static StreamTestClient connect(Opened o) {
        StreamTestClient c = new StreamTestClient();
        c.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create(o.endpoint() + "?ticket=" + o.ticket()), c).join();
        return c;
    }

    public static StreamTestClient connect() {
        return connect(open());
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            try {
                frames.add(MAPPER.readTree(partial.toString()));
            } catch (Exception e) {
                frames.add(MAPPER.createObjectNode().put("unreadable", partial.toString()));
            }
            partial.setLength(0);
        }
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        closed.complete(-1);
    }

    /** The next frame, waiting at most 30 s for it (null if none came). */
    public JsonNode next() throws InterruptedException {
        return frames.poll(30, TimeUnit.SECONDS);
    }

    /** Any frame already received and not taken, without waiting. */
    public JsonNode poll() {
        return frames.poll();
    }

    /** Completes with the close code (-1 for an error: the TCP connection went away without a close frame). */
    public CompletableFuture<Integer> closed() {
        return closed;
    }

    public void send(String text) {
        socket.sendText(text, true).join();
    }

    /** {@code {"code":…,"headers":{"messageId":…,"contentType":"application/json"},"message":"OK","data":…}}. */
    public void ack(JsonNode frame, int code, String data) {
        ObjectNode a = MAPPER.createObjectNode();
        a.put("code", code);
        a.putObject("headers").put("messageId", frame.path("headers").path("messageId").asText())
                .put("contentType", "application/json");
        a.put("message", code == 200 ? "OK" : "error");
        a.put("data", data);
        send(a.toString());
    }

    public void ackEvent(JsonNode frame, String status) {
        ack(frame, 200, "{\"status\":\"" + status + "\",\"message\":\"" + status.toLowerCase() + "\"}");
    }

    public static JsonNode data(JsonNode frame) throws Exception {
        return MAPPER.readTree(frame.path("data").asText());
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
        socket.abort();
    }
}
