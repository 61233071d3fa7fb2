package io.dingrelay.chat.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.dingrelay.events.EventJson;
import io.dingrelay.events.ids.ConversationId;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The robot-registry's group API (GUIDE contract 5): {@code GET /api/groups?openConversationId=…} finds the group
 * of a conversation, {@code PATCH /api/groups/{id}} with {@code {"tags":[…]}} changes its tags. Bearer
 * {@code dingrelay.admin-token}.
 */
@ApplicationScoped
public class RegistryClient {

    private static final long TIMEOUT_MILLIS = 3000;

    private final WebClient client;
    private final String baseUrl;
    private final Optional<String> token;

    public RegistryClient(Vertx vertx, @ConfigProperty(name = "dingrelay.registry-url", defaultValue = "http://localhost:8082") String baseUrl,
            @ConfigProperty(name = "dingrelay.admin-token") Optional<String> token) {
        this.client = WebClient.create(vertx, new WebClientOptions().setConnectTimeout((int) TIMEOUT_MILLIS)
                .setUserAgent("dingrelay-chat-bridge"));
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.token = token.filter(t -> !t.isBlank());
    }

    /** A registered group: its registry id and tags. */
    public record Group(String id, List<String> tags) {
    }

    /** The registry answered something other than success; {@code status} is its HTTP status (0: unreachable). */
    public static final class RegistryException extends RuntimeException {
        private final int status;

        public RegistryException(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    /** The group of this conversation, empty when the registry does not know it. */
    public Uni<Optional<Group>> groupOf(ConversationId conversation) {
        return authorized(client.getAbs(baseUrl + "/api/groups").addQueryParam("openConversationId", conversation.value()))
                .send()
                .onFailure().transform(e -> new RegistryException(0, e.getMessage()))
                .map(response -> {
                    if (response.statusCode() == 404) {
                        return Optional.<Group>empty();
                    }
                    requireSuccess(response);
                    return first(EventJson.read(response.bodyAsString(), JsonNode.class));
                });
    }

    /** Replaces the tags of group {@code id}; returns the tags the registry now holds. */
    public Uni<List<String>> setTags(String id, List<String> tags) {
        return authorized(client.patchAbs(baseUrl + "/api/groups/" + id))
                .sendJsonObject(new JsonObject().put("tags", new JsonArray(new ArrayList<>(tags))))
                .onFailure().transform(e -> new RegistryException(0, e.getMessage()))
                .map(response -> {
                    requireSuccess(response);
                    JsonNode body = EventJson.read(response.bodyAsString(), JsonNode.class);
                    return body.has("tags") ? tags(body) : tags;
                });
    }

    private io.vertx.mutiny.ext.web.client.HttpRequest<io.vertx.mutiny.core.buffer.Buffer> authorized(
            io.vertx.mutiny.ext.web.client.HttpRequest<io.vertx.mutiny.core.buffer.Buffer> request) {
        request.timeout(TIMEOUT_MILLIS);
        token.ifPresent(t -> request.bearerTokenAuthentication(t));
        return request;
    }

    private static void requireSuccess(HttpResponse<?> response) {
        if (response.statusCode() / 100 != 2) {
            String body = response.bodyAsString();
            String message = body;
            try {
                JsonNode json = EventJson.read(body, JsonNode.class);
                message = json.path("message").asText(json.path("error").asText(body));
            } catch (RuntimeException ignored) {
                // not JSON: keep the text
            }
            throw new RegistryException(response.statusCode(), message == null ? "" : message);
        }
    }

    /** The registry's page {@code {"items":[…],"next":…}} (or one group, or a list); the first group counts. */
    private static Optional<Group> first(JsonNode body) {
        JsonNode group = body;
        if (body.has("items")) {
            group = body.get("items");
        } else if (body.has("groups")) {
            group = body.get("groups");
        }
        if (group.isArray()) {
            group = group.size() == 0 ? null : group.get(0);
        }
        if (group == null || !group.hasNonNull("id")) {
            return Optional.empty();
        }
        return Optional.of(new Group(group.get("id").asText(), tags(group)));
    }

    private static List<String> tags(JsonNode group) {
        List<String> tags = new ArrayList<>();
        group.path("tags").forEach(t -> tags.add(t.asText()));
        return tags;
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
