package io.dingrelay.simulator.load;

import io.smallrye.mutiny.vertx.core.AbstractVerticle;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import org.HdrHistogram.Histogram;

import java.io.PrintStream;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drives load at a target with the Vert.x core HTTP client, one verticle (event loop, client, histogram) per
 * {@code --event-loops}, no shared state while running. Closed loop ({@code --concurrency}): each finished request
 * starts the next. Open loop ({@code --rate}): requests are issued on a 1 ms timer at their intended times and
 * latency is measured from the intended time, so a stalled server shows up in the percentiles instead of silently
 * slowing the generator (no coordinated omission).
 *
 * <p>The core client rather than Web Client: the generator shares the machine with what it measures, and Web
 * Client's interceptor chain and Mutiny wrappers cost more CPU per request than building and checking the request.
 */
public final class LoadGenerator {

    private LoadGenerator() {
    }

    /** Entry point of {@code load}: parses options, runs, prints the report; returns the exit code. */
    public static int run(String[] args, PrintStream out) {
        LoadOptions o;
        try {
            o = LoadOptions.parse(args);
        } catch (IllegalArgumentException e) {
            if (!"help".equals(e.getMessage())) {
                out.println("error: " + e.getMessage());
            }
            out.print(LoadOptions.USAGE);
            return "help".equals(e.getMessage()) ? 0 : 2;
        }
        LoadReport report = run(o);
        out.println(o.json ? report.toJson() : report.toText());
        return 0;
    }

    public static LoadReport run(LoadOptions o) {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(o.eventLoops));
        try {
            if (o.warmup > 0) {
                LoadOptions w = copyForWarmup(o);
                execute(vertx, w);
            }
            return execute(vertx, o);
        } finally {
            vertx.closeAndAwait();
        }
    }

    private static LoadOptions copyForWarmup(LoadOptions o) {
        LoadOptions w = new LoadOptions();
        w.target = o.target;
        w.url = o.url;
        w.urls = o.urls;
        w.app = o.app;
        w.secret = o.secret;
        w.message = o.message;
        w.eventType = o.eventType;
        w.conversationId = o.conversationId;
        w.conversations = o.conversations;
        w.count = o.warmup;
        w.concurrency = o.concurrency;
        w.connections = o.connections;
        w.eventLoops = o.eventLoops;
        w.timeoutMs = o.timeoutMs;
        return w;
    }

    private static LoadReport execute(Vertx vertx, LoadOptions o) {
        int n = o.eventLoops;
        CountDownLatch done = new CountDownLatch(n);
        List<Sender> senders = new ArrayList<>();
        long deadline = o.duration == null ? Long.MAX_VALUE : System.nanoTime() + o.duration.toNanos();
        for (int i = 0; i < n; i++) {
            long quota = o.duration != null ? Long.MAX_VALUE : o.count / n + (i < o.count % n ? 1 : 0);
            Sender s = new Sender(o, quota, deadline, o.rate / n, Math.max(1, o.concurrency / n + (i < o.concurrency % n ? 1 : 0)), done);
            senders.add(s);
            vertx.deployVerticle(s).await().indefinitely();
        }
        long started = System.nanoTime();
        try {
            long waitMs = (o.duration == null ? TimeUnit.HOURS.toMillis(1) : o.duration.toMillis()) + o.timeoutMs + 5000;
            if (!done.await(waitMs, TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("load run did not finish in time");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long elapsed = senders.stream().mapToLong(s -> s.finishedAt).max().orElse(System.nanoTime())
                - senders.stream().mapToLong(s -> s.startedAt).min().orElse(started);
        Histogram h = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
        Map<String, Long> errors = new TreeMap<>();
        long ok = 0;
        for (Sender s : senders) {
            h.add(s.histogram);
            ok += s.ok;
            s.errors.forEach((k, v) -> errors.merge(k, v, Long::sum));
        }
        return new LoadReport(o.target.name().toLowerCase(), o.url, o.rate > 0 ? "open loop " + o.rate + "/s" : "closed loop, "
                + o.concurrency + " in flight", ok + errors.values().stream().mapToLong(Long::longValue).sum(), ok, errors,
                elapsed, h);
    }

    /** One event loop's share of the run. Touched only from its own event loop until {@code done} counts down. */
    static final class Sender extends AbstractVerticle {
        private final LoadOptions o;
        private final long quota;
        private final long deadline;
        private final double rate;
        private final int concurrency;
        private final CountDownLatch done;
        final Histogram histogram = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
        final Map<String, Long> errors = new TreeMap<>();
        long ok;
        long startedAt;
        long finishedAt;
        private HttpClient client;
        private RequestFactory factory;
        private long issued;
        private long completed;
        private boolean stopped;
        private long timer = -1;
        private final AtomicLong reported = new AtomicLong();

        Sender(LoadOptions o, long quota, long deadline, double rate, int concurrency, CountDownLatch done) {
            this.o = o;
            this.quota = quota;
            this.deadline = deadline;
            this.rate = rate;
            this.concurrency = concurrency;
            this.done = done;
        }

        @Override
        public void start() {
            client = vertx.getDelegate().createHttpClient(new HttpClientOptions()
                    .setMaxPoolSize(o.connections).setKeepAlive(true).setTcpNoDelay(true));
            factory = RequestFactory.of(o);
            startedAt = System.nanoTime();
            if (quota == 0) {
                finish();
                return;
            }
            if (rate > 0) {
                timer = vertx.setPeriodic(1, id -> openLoopTick());
            } else {
                for (int i = 0; i < concurrency && canIssue(); i++) {
                    send(System.nanoTime());
                }
            }
        }

        private boolean canIssue() {
            return !stopped && issued < quota && System.nanoTime() < deadline;
        }

        private void openLoopTick() {
            long now = System.nanoTime();
            long due = (long) ((now - startedAt) * rate / 1e9);
            while (issued < due && canIssue()) {
                send(startedAt + (long) (issued * 1e9 / rate));
            }
            if (!canIssue()) {
                vertx.cancelTimer(timer);
                stopped = true;
                maybeFinish();
            }
        }

        private void send(long intendedNanos) {
            issued++;
            RequestFactory.Request r = factory.next();
            RequestFactory.Endpoint e = r.endpoint();
            RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost(e.host()).setPort(e.port())
                    .setSsl(e.ssl()).setURI(r.uri()).setTimeout(o.timeoutMs);
            client.request(options)
                    .compose(req -> send(req, r))
                    .compose(resp -> resp.body().map(body -> factory.check(resp.statusCode(), body)))
                    .onComplete(ar -> complete(intendedNanos, ar.succeeded() ? ar.result() : kind(ar.cause())));
        }

        private static io.vertx.core.Future<io.vertx.core.http.HttpClientResponse> send(HttpClientRequest req,
                RequestFactory.Request r) {
            CharSequence[] h = r.headers();
            for (int i = 0; i < h.length; i += 2) {
                req.putHeader(h[i], h[i + 1]);
            }
            return req.send(r.body());
        }

        private void complete(long intendedNanos, String error) {
            completed++;
            long micros = Math.max(0, (System.nanoTime() - intendedNanos) / 1000);
            histogram.recordValue(Math.min(micros, histogram.getHighestTrackableValue()));
            if (error == null) {
                ok++;
            } else {
                errors.merge(error, 1L, Long::sum);
            }
            if (rate <= 0 && canIssue()) {
                send(System.nanoTime());
            } else {
                if (rate <= 0) {
                    stopped = true;
                }
                maybeFinish();
            }
        }

        private void maybeFinish() {
            if ((stopped || !canIssue()) && completed == issued) {
                finish();
            }
        }

        private void finish() {
            if (reported.getAndIncrement() == 0) {
                finishedAt = System.nanoTime();
                client.close();
                done.countDown();
            }
        }

        private static String kind(Throwable t) {
            if (t instanceof TimeoutException || t.getClass().getSimpleName().contains("Timeout")) {
                return "timeout";
            }
            if (t instanceof ConnectException) {
                return "connect";
            }
            String name = t.getClass().getSimpleName();
            if (name.contains("Closed") || String.valueOf(t.getMessage()).contains("closed")) {
                return "closed";
            }
            return name;
        }
    }
}
