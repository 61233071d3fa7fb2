package io.dingrelay.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Objects;

/**
 * The simulator's control API ({@code /sim/groups}, {@code /sim/limits}, {@code /sim/faults}, {@code /sim/stats}...)
 * for a test: JSON in, the answer's body out, an {@link IllegalStateException} naming the call for any status of 400
 * or more (a test that set the simulator up wrongly should fail there, not later). Works with a
 * {@link SimulatorProcess#url()} or {@link SimulatorResource#URL_PROPERTY}.
 */
public final class SimulatorApi {

    private final String baseUrl;
    private final HttpClient http = HttpClient.newHttpClient();

    public SimulatorApi(String baseUrl) {
        this.baseUrl = Objects.requireNonNull(baseUrl);
    }

    public String get(String path) {
        return call(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    public String post(String path, String json) {
        return call(json(path).POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    public String put(String path, String json) {
        return call(json(path).PUT(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    public String delete(String path) {
        return call(HttpRequest.newBuilder(uri(path)).DELETE().build());
    }

    private URI uri(String path) {
        return URI.create(baseUrl + path);
    }

    private HttpRequest.Builder json(String path) {
        return HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json");
    }

    private String call(HttpRequest request) {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() >= 400) {
                throw new IllegalStateException(request.method() + " " + request.uri().getPath() + " -> " + r.statusCode() + " " + r.body());
            }
            return r.body();
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri().getPath() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
