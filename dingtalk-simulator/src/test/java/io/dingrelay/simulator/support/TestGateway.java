package io.dingrelay.simulator.support;

import io.dingrelay.protocol.callback.CallbackCrypto;
import io.dingrelay.protocol.callback.CallbackEvent;
import io.dingrelay.protocol.callback.CallbackQuery;
import io.dingrelay.protocol.robot.IncomingRobotMessage;
import io.dingrelay.protocol.signature.RobotCallbackVerifier;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A small gateway stand-in for tests: verifies what the simulator (or the load generator) sends with the protocol
 * library, exactly as the real callback-gateway must, records it, and answers per {@link #mode}.
 */
public final class TestGateway {

    /** How the next answers look. */
    public enum Mode { GOOD, TEXT_REPLY, WRONG_REPLY, HTTP_500 }

    public static final String APP = "test";
    public static final String APP_KEY = "dingtestappkey0001";
    public static final String APP_SECRET = "test-app-secret-0123456789abcdefghijklmnopqrstuvwxyz";
    public static final String TOKEN = "testtoken123";
    public static final String AES_KEY = "4g5j64qlyl3zvetqxz5jiocdr586fn2zvjpa8zls3ij";
    public static final String OWNER_KEY = APP_KEY;

    public static volatile Mode mode = Mode.GOOD;
    public static final List<CallbackEvent> events = new CopyOnWriteArrayList<>();
    public static final List<IncomingRobotMessage> robotMessages = new CopyOnWriteArrayList<>();
    public static final List<String> rejected = new CopyOnWriteArrayList<>();

    private static Vertx vertx;
    private static HttpServer server;

    private TestGateway() {
    }

    public static synchronized int start() throws Exception {
        if (server != null) {
            return server.actualPort();
        }
        vertx = Vertx.vertx();
        CallbackCrypto crypto = new CallbackCrypto(TOKEN, AES_KEY, OWNER_KEY);
        CallbackCrypto wrongKeys = new CallbackCrypto(TOKEN, "1234567890123456789012345678901234567890123", OWNER_KEY);
        RobotCallbackVerifier verifier = new RobotCallbackVerifier();
        server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
            String path = req.path();
            try {
                if (path.equals("/dingtalk/apps/" + APP + "/events")) {
                    String plain = crypto.decryptBody(CallbackQuery.from(params(req)), body.toString());
                    events.add(CallbackEvent.parse(plain));
                    answer(req, mode == Mode.WRONG_REPLY ? wrongKeys.successReply().toJson() : crypto.successReply().toJson());
                } else if (path.equals("/dingtalk/apps/" + APP + "/robot")) {
                    verifier.verify(APP_SECRET, req.getHeader("timestamp"), req.getHeader("sign"));
                    robotMessages.add(IncomingRobotMessage.parse(body.toString()));
                    answer(req, switch (mode) {
                        case TEXT_REPLY -> "{\"msgtype\":\"text\",\"text\":{\"content\":\"收到\"}}";
                        case WRONG_REPLY -> "{\"msgtype\":\"text\"}";
                        default -> "{\"msgtype\":\"empty\"}";
                    });
                } else {
                    req.response().setStatusCode(404).end();
                }
            } catch (RuntimeException e) {
                rejected.add(path + ": " + e.getMessage());
                req.response().setStatusCode(401).end(String.valueOf(e.getMessage()));
            }
        })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return server.actualPort();
    }

    private static void answer(HttpServerRequest req, String body) {
        if (mode == Mode.HTTP_500) {
            req.response().setStatusCode(500).end("boom");
            return;
        }
        req.response().putHeader("Content-Type", "application/json").end(body);
    }

    private static Map<String, List<String>> params(HttpServerRequest req) {
        Map<String, List<String>> out = new java.util.HashMap<>();
        req.params().forEach(e -> out.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        return out;
    }

    public static String url() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    public static void reset() {
        mode = Mode.GOOD;
        events.clear();
        robotMessages.clear();
        rejected.clear();
    }
}
