package io.dingrelay.console.client;

import io.dingrelay.console.config.ConsoleConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The one way the console reaches a service: Vert.x Web Client with the admin bearer token and a timeout. Every
 * call ends in an {@link Answer}, never a failure.
 */
@Singleton
public class ServiceClient {

    private final WebClient client;
    private final Map<Service, String> bases = new EnumMap<>(Service.class);
    private final String authorization;
    private final long timeoutMs;

    public ServiceClient(Vertx vertx, ConsoleConfig config) {
        this.client = WebClient.create(vertx, new WebClientOptions().setMaxPoolSize(16).setConnectTimeout(2000)
                .setUserAgent("dingrelay-console"));
        bases.put(Service.REGISTRY, strip(config.registryUrl()));
        bases.put(Service.DISPATCHER, strip(config.dispatcherUrl()));
        bases.put(Service.CHAT_BRIDGE, strip(config.chatBridgeUrl()));
        bases.put(Service.SCREENSHOT_WORKER, strip(config.screenshotUrl()));
        this.authorization = config.adminToken().map(t -> "Bearer " + t.trim()).orElse(null);
        this.timeoutMs = config.requestTimeout().toMillis();
    }

    @PreDestroy
    void close() {
        client.close();
    }

    public String baseUrl(Service s) {
        return bases.get(s);
    }

    public Uni<Answer> get(Service s, String path) {
        return send(s, HttpMethod.GET, path, null, null, Map.of());
    }

    public Uni<Answer> delete(Service s, String path) {
        return send(s, HttpMethod.DELETE, path, null, null, Map.of());
    }

    public Uni<Answer> json(Service s, HttpMethod method, String path, Object body) {
        return json(s, method, path, body, Map.of());
    }

    public Uni<Answer> json(Service s, HttpMethod method, String path, Object body, Map<String, String> headers) {
        byte[] bytes;
        try {
            bytes = body == null ? new byte[0] : Answer.JSON.writeValueAsBytes(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
        return send(s, method, path, "application/json", bytes, headers);
    }

    public Uni<Answer> raw(Service s, HttpMethod method, String path, String contentType, String body) {
        return send(s, method, path, contentType, body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    public Uni<Answer> send(Service s, HttpMethod method, String path, String contentType, byte[] body,
            Map<String, String> headers) {
        String base = bases.get(s);
        HttpRequest<Buffer> req = client.requestAbs(method, base + path).timeout(timeoutMs);
        if (authorization != null) {
            req.putHeader("Authorization", authorization);
        }
        req.putHeader("Accept", "application/json");
        headers.forEach(req::putHeader);
        Uni<io.vertx.mutiny.ext.web.client.HttpResponse<Buffer>> sent;
        if (body != null) {
            req.putHeader("Content-Type", contentType);
            sent = req.sendBuffer(Buffer.buffer(body));
        } else {
            sent = req.send();
        }
        return sent.map(r -> new Answer(s, base, r.statusCode(), r.body() == null ? new byte[0] : r.body().getBytes(),
                        r.getHeader("Content-Type"), null))
                .onFailure().recoverWithItem(t -> Answer.down(s, base, t));
    }

    /** {@code ?a=1&b=2} from name/value pairs, skipping blank values; empty when nothing is left. */
    public static String query(String... pairs) {
        StringJoiner j = new StringJoiner("&", "?", "");
        j.setEmptyValue("");
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            String v = pairs[i + 1];
            if (v != null && !v.isBlank()) {
                j.add(pairs[i] + "=" + enc(v.strip()));
            }
        }
        return j.toString();
    }

    public static String enc(String v) {
        return URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String strip(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
