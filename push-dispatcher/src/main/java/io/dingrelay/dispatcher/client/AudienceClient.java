package io.dingrelay.dispatcher.client;

import io.dingrelay.dispatcher.service.Audience;
import io.dingrelay.events.EventJson;
import io.dingrelay.events.registry.AudienceEntry;
import io.smallrye.mutiny.Multi;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import io.vertx.mutiny.core.http.HttpClientResponse;
import io.vertx.mutiny.core.parsetools.RecordParser;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Streams an audience from the registry: {@code GET /api/audience} (GUIDE contract 5), {@code application/x-ndjson},
 * one {@link AudienceEntry} per line in groupId order. The lines are read as they arrive, with back-pressure (the
 * connection is paused while the consumer is busy), so 300,000 groups never sit in memory at once.
 */
@ApplicationScoped
public class AudienceClient {

    private final HttpClient http;
    private final URI registry;
    private final String adminToken;

    public AudienceClient(Vertx vertx, @ConfigProperty(name = "dingrelay.registry-url", defaultValue = "http://localhost:8082") String registryUrl,
            @ConfigProperty(name = "dingrelay.admin-token", defaultValue = "") String adminToken) {
        this.registry = URI.create(registryUrl.endsWith("/") ? registryUrl.substring(0, registryUrl.length() - 1) : registryUrl);
        this.adminToken = adminToken;
        this.http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setConnectTimeout(5_000).setIdleTimeout(60));
    }

    /**
     * The audience's entries. Fails with {@link AudienceException}: the registry's status and message when it
     * refuses (400 for an unknown tag), status 0 when it cannot be reached.
     */
    public Multi<AudienceEntry> stream(Audience audience) {
        RequestOptions request = new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setHost(registry.getHost())
                .setPort(registry.getPort() > 0 ? registry.getPort() : "https".equals(registry.getScheme()) ? 443 : 80)
                .setSsl("https".equals(registry.getScheme()))
                .setURI(pathOf(audience))
                .putHeader("Authorization", "Bearer " + adminToken)
                .putHeader("Accept", "application/x-ndjson");
        return http.request(request)
                .chain(req -> req.send())
                .onFailure().transform(e -> e instanceof AudienceException ? e
                        : new AudienceException(0, "registry not reachable at " + registry + ": " + e.getMessage()))
                .onItem().transformToMulti(this::lines);
    }

    private Multi<AudienceEntry> lines(HttpClientResponse response) {
        if (response.statusCode() != 200) {
            return response.body().onItem().transformToMulti(body -> Multi.createFrom().failure(
                    new AudienceException(response.statusCode(), messageOf(body))));
        }
        RecordParser parser = RecordParser.newDelimited("\n", response);
        return parser.toMulti()
                .filter(line -> line.length() > 0)
                .map(line -> EventJson.read(line.toString(StandardCharsets.UTF_8), AudienceEntry.class));
    }

    static String pathOf(Audience a) {
        List<String> q = new ArrayList<>();
        if (!a.tags().isEmpty()) {
            q.add("tags=" + encode(String.join(",", a.tags())));
        }
        if (!a.groupIds().isEmpty()) {
            q.add("groupIds=" + encode(String.join(",", a.groupIds())));
        }
        if (a.kind() != null) {
            q.add("kind=" + a.kind().name());
        }
        return "/api/audience" + (q.isEmpty() ? "" : "?" + String.join("&", q));
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** The registry's error message: its JSON {@code error} field when it sends one, else the body's start. */
    private static String messageOf(Buffer body) {
        String text = body == null ? "" : body.toString(StandardCharsets.UTF_8);
        try {
            var json = EventJson.read(text, com.fasterxml.jackson.databind.JsonNode.class);
            if (json.hasNonNull("error")) {
                return json.get("error").asText();
            }
            if (json.hasNonNull("message")) {
                return json.get("message").asText();
            }
        } catch (RuntimeException e) {
            // not JSON: use the text itself
        }
        return text.length() > 300 ? text.substring(0, 300) : text;
    }

    @PreDestroy
    void close() {
        http.close().subscribe().with(ok -> { }, failure -> { });
    }

}
