package io.dingrelay.local.drill;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.function.BiConsumer;
import java.util.function.IntFunction;

/**
 * The drills' HTTP client: requests in flight bounded by a semaphore (closed loop, as DingTalk's many senders
 * keep a few requests per connection), every answer or failure handed to a callback.
 */
final class DrillHttp implements AutoCloseable {

    /** An answer, or the transport failure instead of one ({@code status} 0). */
    record Answer(int status, String body, Throwable failure) {
        boolean failedToConnect() {
            return failure != null;
        }
    }

    private final ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "drill-http");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).executor(executor).build();

    /** One request, waited for; transport failures become an {@link Answer} with status 0. */
    Answer send(HttpRequest request) {
        try {
            HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Answer(r.statusCode(), r.body(), null);
        } catch (IOException e) {
            return new Answer(0, null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** {@code count} requests, {@code inFlight} at a time; returns once every one was answered or failed. */
    void run(int count, int inFlight, IntFunction<HttpRequest> request, BiConsumer<Integer, Answer> onAnswer) {
        Semaphore permits = new Semaphore(inFlight);
        for (int i = 0; i < count; i++) {
            permits.acquireUninterruptibly();
            int n = i;
            HttpRequest r;
            try {
                r = request.apply(n);
            } catch (RuntimeException e) {
                permits.release();
                throw e;
            }
            CompletableFuture<HttpResponse<String>> f = client.sendAsync(r, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            f.whenComplete((resp, failure) -> {
                try {
                    onAnswer.accept(n, failure != null ? new Answer(0, null, failure) : new Answer(resp.statusCode(), resp.body(), null));
                } finally {
                    permits.release();
                }
            });
        }
        permits.acquireUninterruptibly(inFlight);
    }

    static HttpRequest.Builder request(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15));
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
