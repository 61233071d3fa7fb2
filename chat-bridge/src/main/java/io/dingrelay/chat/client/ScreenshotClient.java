package io.dingrelay.chat.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.dingrelay.chat.config.ChatBridgeConfig;
import io.dingrelay.events.EventJson;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Reads the latest figures of a dataset from the screenshot-worker, which owns datasets and dashboards:
 * {@code GET {dingrelay.chat.status.screenshot-url}/api/datasets/{name}/latest} answers
 * {@code {"dataset","revision","day","metrics":{name:{"day","value","previous","delta","regions"}},"variables"}}. The answer is kept as JSON
 * ({@link DatasetFigures} reads it), so fields the worker adds later cost nothing here. The worker's {@code /api/*}
 * takes the deployment's bearer {@code dingrelay.admin-token}, as the registry's does.
 */
@ApplicationScoped
public class ScreenshotClient {

    private final WebClient client;
    private final String baseUrl;
    private final long timeoutMillis;
    private final Optional<String> token;

    public ScreenshotClient(Vertx vertx, ChatBridgeConfig config,
            @ConfigProperty(name = "dingrelay.admin-token") Optional<String> token) {
        this.token = token.filter(t -> !t.isBlank());
        this.timeoutMillis = config.status().timeout().toMillis();
        this.client = WebClient.create(vertx, new WebClientOptions().setConnectTimeout((int) timeoutMillis)
                .setUserAgent("dingrelay-chat-bridge"));
        String url = config.status().screenshotUrl().toString();
        this.baseUrl = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** What the worker answered: the figures, {@code NOT_FOUND} for an unknown dataset, or {@code UNAVAILABLE}. */
    public enum Result { FOUND, NOT_FOUND, UNAVAILABLE }

    public record Latest(Result result, JsonNode body) {
    }

    /** Never fails: an unreachable or broken worker is {@link Result#UNAVAILABLE}. */
    public Uni<Latest> latest(String dataset) {
        return client.getAbs(baseUrl + "/api/datasets/" + URLEncoder.encode(dataset, StandardCharsets.UTF_8)
                        .replace("+", "%20") + "/latest")
                .timeout(timeoutMillis)
                .putHeaders(authorization())
                .send()
                .map(response -> {
                    if (response.statusCode() == 404) {
                        return new Latest(Result.NOT_FOUND, null);
                    }
                    if (response.statusCode() != 200) {
                        return new Latest(Result.UNAVAILABLE, null);
                    }
                    return Optional.ofNullable(tryRead(response.bodyAsString()))
                            .map(json -> new Latest(Result.FOUND, json))
                            .orElse(new Latest(Result.UNAVAILABLE, null));
                })
                .onFailure().recoverWithItem(new Latest(Result.UNAVAILABLE, null));
    }

    /**
     * The image URL of the dashboard's current data version ({@code POST /api/dashboards/{id}/snapshots}: the cached
     * image, or one rendered now); empty when the worker has none within the timeout.
     */
    public Uni<Optional<String>> dashboardImage(String dashboardId) {
        return client.postAbs(baseUrl + "/api/dashboards/" + URLEncoder.encode(dashboardId, StandardCharsets.UTF_8)
                        .replace("+", "%20") + "/snapshots")
                .timeout(timeoutMillis)
                .putHeaders(authorization())
                .sendJsonObject(new io.vertx.core.json.JsonObject())
                .map(response -> {
                    if (response.statusCode() != 200) {
                        return Optional.<String>empty();
                    }
                    JsonNode json = tryRead(response.bodyAsString());
                    return json != null && json.path("imageUrl").asText("").startsWith("http")
                            ? Optional.of(json.get("imageUrl").asText()) : Optional.<String>empty();
                })
                .onFailure().recoverWithItem(Optional.empty());
    }

    private io.vertx.mutiny.core.MultiMap authorization() {
        io.vertx.mutiny.core.MultiMap headers = io.vertx.mutiny.core.MultiMap.caseInsensitiveMultiMap();
        token.ifPresent(t -> headers.add("Authorization", "Bearer " + t));
        return headers;
    }

    private static JsonNode tryRead(String body) {
        try {
            JsonNode json = EventJson.read(body, JsonNode.class);
            return json.isObject() ? json : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
