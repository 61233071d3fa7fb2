package io.dingrelay.dispatcher.support;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A stand-in for chat-bridge's {@code GET /api/check-ins/summary?conversationId=} (chat-bridge/README.md "Check-in
 * summaries for campaigns") in this module's tests: bearer {@link AudienceServer#TOKEN} (401 otherwise), 200 with
 * {@code {conversationId, day, checkedIn, abnormal, text}} for a conversation in {@link #summaries}, 404 for any other.
 * {@link #mode} makes it answer 503 or not at all, as a chat-bridge that is down or stuck. A service module must not
 * depend on another; the real chat-bridge meets the dispatcher in deploy/local's integration tests.
 */
public final class ChatBridgeServer implements AutoCloseable {

    public enum Mode { UP, ERROR, HANGING }

    private final Vertx vertx = Vertx.vertx();
    public final Map<String, String> summaries = new ConcurrentHashMap<>();
    public final AtomicReference<Mode> mode = new AtomicReference<>(Mode.UP);
    public final AtomicInteger asked = new AtomicInteger();
    private HttpServer server;

    public ChatBridgeServer start() {
        server = vertx.createHttpServer().requestHandler(req -> {
            if (!req.path().equals("/api/check-ins/summary")) {
                req.response().setStatusCode(404).end();
                return;
            }
            if (!("Bearer " + AudienceServer.TOKEN).equals(req.getHeader("Authorization"))) {
                req.response().setStatusCode(401).end();
                return;
            }
            asked.incrementAndGet();
            switch (mode.get()) {
                case HANGING -> { } // never answers: the dispatcher's timeout decides
                case ERROR -> req.response().setStatusCode(503).putHeader("Content-Type", "application/json").end("{\"error\":\"down\"}");
                case UP -> {
                    String conversation = req.getParam("conversationId");
                    String text = conversation == null ? null : summaries.get(conversation);
                    if (text == null) {
                        req.response().setStatusCode(404).putHeader("Content-Type", "application/json")
                                .end("{\"error\":\"no check-ins for this conversation\"}");
                    } else {
                        req.response().putHeader("Content-Type", "application/json").end(new JsonObject().put("conversationId", conversation)
                                .put("day", "2026-12-01").put("checkedIn", 2).put("abnormal", 1).put("text", text).encode());
                    }
                }
            }
        });
        server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
        return this;
    }

    public String url() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }
}
