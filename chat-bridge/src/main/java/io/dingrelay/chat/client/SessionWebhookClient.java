package io.dingrelay.chat.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.dingrelay.chat.config.ChatBridgeConfig;
import io.dingrelay.events.EventJson;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;

/**
 * Posts a message to a robot's sessionWebhook (dingtalk-protocol.md §3.3): the URL carries its own session
 * credential, no access token is needed. Transport failures fail the Uni; DingTalk's answers, good or bad,
 * complete it with a {@link WebhookAnswer}.
 */
@ApplicationScoped
public class SessionWebhookClient {

    private final WebClient client;
    private final long timeoutMillis;

    public SessionWebhookClient(Vertx vertx, ChatBridgeConfig config) {
        this.timeoutMillis = config.replyTimeout().toMillis();
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMillis))
                .setFollowRedirects(false)
                .setUserAgent("dingrelay-chat-bridge"));
    }

    public Uni<WebhookAnswer> send(String sessionWebhook, JsonNode message) {
        return client.postAbs(sessionWebhook)
                .timeout(timeoutMillis)
                .putHeader(HttpHeaders.CONTENT_TYPE.toString(), "application/json; charset=utf-8")
                .sendBuffer(Buffer.buffer(EventJson.write(message)))
                .map(SessionWebhookClient::answer);
    }

    private static WebhookAnswer answer(HttpResponse<Buffer> response) {
        String body = response.bodyAsString();
        JsonNode json = null;
        if (body != null && !body.isBlank()) {
            try {
                json = EventJson.read(body, JsonNode.class);
            } catch (UncheckedIOException e) {
                // Not JSON: an HTML ban page or a proxy's error. Described below, never echoed into logs in full.
            }
        }
        if (json == null || !json.isObject()) {
            return new WebhookAnswer(response.statusCode(), WebhookAnswer.UNREADABLE,
                    "not a DingTalk JSON answer (" + response.getHeader("Content-Type") + ")");
        }
        // The oapi-style answer always has errcode; a 2xx JSON without one is taken as accepted.
        JsonNode errcode = json.get("errcode");
        long code = errcode == null ? 0 : errcode.asLong(WebhookAnswer.UNREADABLE);
        return new WebhookAnswer(response.statusCode(), code, json.path("errmsg").asText(""));
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
