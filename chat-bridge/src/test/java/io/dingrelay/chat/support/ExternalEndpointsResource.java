package io.dingrelay.chat.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * Stand-ins for the two external answerers, which are not DingTalk and not ours: an OpenAI-compatible
 * {@code POST /v1/chat/completions} and a generic NLP {@code POST /nlp}. Both record what they received and answer by
 * the question's content:
 * <ul>
 * <li>LLM: a question containing {@code 慢} is held for 5 s (past the 1 s timeout), {@code 坏} gets HTTP 500, anything
 * else {@code LLM答：<question>};</li>
 * <li>NLP: {@code NLP} gets {@code {"answer":"NLP答：…"}}, {@code 乱码} a body that is not JSON, {@code 迟} is held for
 * 5 s, {@code 宕} HTTP 503 (the endpoint is down), anything else {@code {"answer":""}} (no answer, pass on).</li>
 * </ul>
 */
public class ExternalEndpointsResource implements QuarkusTestResourceLifecycleManager {

    public static final Queue<JsonObject> LLM_REQUESTS = new ConcurrentLinkedQueue<>();
    public static final Queue<JsonObject> NLP_REQUESTS = new ConcurrentLinkedQueue<>();
    public static final String SYSTEM_PROMPT = "你是测试助手。";

    private Vertx vertx;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        HttpServer server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            JsonObject json = body.toJsonObject();
            if (request.path().equals("/v1/chat/completions")) {
                LLM_REQUESTS.add(json);
                JsonArray messages = json.getJsonArray("messages");
                String user = messages.getJsonObject(messages.size() - 1).getString("content");
                String question = user.contains("用户的问题：") ? user.substring(user.indexOf("用户的问题：") + 6) : user;
                if (question.contains("慢")) {
                    vertx.setTimer(5000, t -> completion(request.response(), "太迟了"));
                } else if (question.contains("坏")) {
                    request.response().setStatusCode(500).end("{\"error\":{\"message\":\"boom\"}}");
                } else {
                    completion(request.response(), "LLM答：" + question);
                }
            } else if (request.path().equals("/nlp")) {
                NLP_REQUESTS.add(json);
                String q = json.getString("question");
                if (q.contains("NLP")) {
                    request.response().putHeader("Content-Type", "application/json")
                            .end(new JsonObject().put("answer", "NLP答：" + q).encode());
                } else if (q.contains("乱码")) {
                    request.response().end("<html>oops");
                } else if (q.contains("宕")) {
                    request.response().setStatusCode(503).end("Service Unavailable");
                } else if (q.contains("迟")) {
                    vertx.setTimer(5000, t -> request.response().end("{\"answer\":\"too late\"}"));
                } else {
                    request.response().putHeader("Content-Type", "application/json").end("{\"answer\":\"\"}");
                }
            } else {
                request.response().setStatusCode(404).end();
            }
        }));
        int port;
        try {
            port = server.listen(0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        String base = "http://127.0.0.1:" + port;
        return Map.ofEntries(
                Map.entry("dingrelay.chat.llm.enabled", "true"),
                Map.entry("dingrelay.chat.llm.base-url", base + "/v1"),
                Map.entry("dingrelay.chat.llm.api-key", "sk-test-not-a-real-key"),
                Map.entry("dingrelay.chat.llm.model", "stand-in-model"),
                Map.entry("dingrelay.chat.llm.timeout", "1s"),
                Map.entry("dingrelay.chat.llm.system-prompt", SYSTEM_PROMPT),
                Map.entry("dingrelay.chat.nlp.enabled", "true"),
                Map.entry("dingrelay.chat.nlp.url", base + "/nlp"),
                Map.entry("dingrelay.chat.nlp.timeout", "1s"));
    }

    private static void completion(io.vertx.core.http.HttpServerResponse response, String content) {
        response.putHeader("Content-Type", "application/json").end(new JsonObject()
                .put("id", "chatcmpl-test").put("object", "chat.completion").put("created", 1).put("model", "stand-in-model")
                .put("choices", new JsonArray().add(new JsonObject().put("index", 0).put("finish_reason", "stop")
                        .put("message", new JsonObject().put("role", "assistant").put("content", content))))
                .put("usage", new JsonObject().put("prompt_tokens", 1).put("completion_tokens", 1).put("total_tokens", 2))
                .encode());
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close();
        }
    }
}
