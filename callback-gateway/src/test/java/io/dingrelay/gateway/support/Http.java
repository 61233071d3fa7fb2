package io.dingrelay.gateway.support;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A raw HTTP client for requests RestAssured would tidy up: repeated headers, no Content-Type, chunked bodies,
 * arbitrary bytes.
 */
public final class Http {

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final String base;

    /** @param base e.g. {@code http://localhost:12345} */
    public Http(String base) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    /** An answer: status and body. */
    public record Answer(int status, String body) {

        @Override
        public String toString() {
            return status + " " + (body.length() > 300 ? body.substring(0, 300) + "…" : body);
        }
    }

    /** A request under construction: every header added is sent, repeated names included. */
    public static final class Request {
        final String pathAndQuery;
        final List<Map.Entry<String, String>> headers = new ArrayList<>();
        byte[] body = new byte[0];
        boolean chunked;

        Request(String pathAndQuery) {
            this.pathAndQuery = pathAndQuery;
        }

        public Request header(String name, String value) {
            headers.add(Map.entry(name, value));
            return this;
        }

        public Request json() {
            return header("Content-Type", "application/json; charset=utf-8");
        }

        public Request body(String text) {
            return body(text.getBytes(StandardCharsets.UTF_8));
        }

        public Request body(byte[] bytes) {
            this.body = bytes;
            return this;
        }

        /** The body as it will be sent. */
        public byte[] bodyBytes() {
            return body;
        }

        /** Sends the body without a Content-Length (chunked transfer encoding). */
        public Request chunked() {
            this.chunked = true;
            return this;
        }
    }

    public static Request post(String pathAndQuery) {
        return new Request(pathAndQuery);
    }

    public Answer send(Request r) {
        byte[] body = r.body;
        HttpRequest.BodyPublisher publisher = r.chunked
                ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
                : HttpRequest.BodyPublishers.ofByteArray(body);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + r.pathAndQuery))
                .timeout(Duration.ofSeconds(30))
                .POST(publisher);
        r.headers.forEach(h -> b.header(h.getKey(), h.getValue()));
        try {
            HttpResponse<String> response = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException("request to " + r.pathAndQuery + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Answer get(String path) {
        try {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
