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
            return execute(vertx, o);
        } finally {
            vertx.closeAndAwait();
        }
    }

    private static LoadReport execute(Vertx vertx, LoadOptions o) {
        int n = o.eventLoops;
        CountDownLatch done = new CountDownLatch(n);
        List<Sender> senders = new ArrayList<>();
        long duration = o.duration == null ? 0 : o.duration.toNanos();
        for (int i = 0; i < n; i++) {
            long quota = o.duration != null ? Long.MAX_VALUE : share(o.count, n, i);
            Sender s = new Sender(o, share(o.warmup, n, i), quota, duration, o.rate / n,
                    Math.max(1, (int) share(o.concurrency, n, i)), done);
            senders.add(s);
            vertx.deployVerticle(s).await().indefinitely();
        }
        long started = System.nanoTime();
        try {
            long waitMs = (o.duration == null ? TimeUnit.HOURS.toMillis(1) : o.duration.toMillis()) + o.timeoutMs + 5000
                    + (o.rate > 0 ? (long) (o.warmup * 1000 / o.rate) : TimeUnit.MINUTES.toMillis(10));
            if (!done.await(waitMs, TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("load run did not finish in time");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long elapsed = senders.stream().mapToLong(s -> s.finishedAt).max().orElse(System.nanoTime())
                - senders.stream().mapToLong(s -> s.measuredFrom).min().orElse(started);
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

    /** Event loop {@code i}'s share of {@code total} split over {@code n}. */
    private static long share(long total, int n, int i) {
        return total / n + (i < total % n ? 1 : 0);
    }

    /**
     * One event loop's share of the run. Touched only from its own event loop until {@code done} counts down.
     *
     * <p>The warm-up is the start of the same run: same client, same connections, same pace (open loop at the same
     * rate), and the measurement begins with the first request after it, while warm-up answers may still arrive. A
     * separate warm-up run left the measured one to open its connections under load, which put a start-up spike of
     * 100-250 ms into the p99 of a 20 s open-loop run even against the trivial {@code sink}.
     */
    static final class Sender extends AbstractVerticle {
        private final LoadOptions o;
        private final long warmup;
        private final long quota;
        private final long durationNanos;
        private final double rate;
        private final int concurrency;
        private final CountDownLatch done;
        final Histogram histogram = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
        final Map<String, Long> errors = new TreeMap<>();
        long ok;
        /** When the first measured request was issued (or the sender finished, if it issued none). */
        long measuredFrom;
        long finishedAt;
        private long startedAt;
        private long deadline = Long.MAX_VALUE;
        private HttpClient client;
        private RequestFactory factory;
        private long warmIssued;
        private long warmCompleted;
        private long issued;
        private long completed;
        private boolean stopped;
        private long timer = -1;
        private final AtomicLong reported = new AtomicLong();

        /**
         * @param warmup        requests to send and not measure, first
         * @param quota         measured requests to send ({@code Long.MAX_VALUE} with a duration)
         * @param durationNanos how long to measure, from the first measured request; 0 = by {@code quota}
         */
        Sender(LoadOptions o, long warmup, long quota, long durationNanos, double rate, int concurrency, CountDownLatch done) {
            this.o = o;
            this.warmup = warmup;
            this.quota = quota;
            this.durationNanos = durationNanos;
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
            if (!canIssue()) {
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
            return !stopped && (warmIssued < warmup || issued < quota && System.nanoTime() < deadline);
        }

        private void openLoopTick() {
            long now = System.nanoTime();
            long due = (long) ((now - startedAt) * rate / 1e9);
            while (warmIssued + issued < due && canIssue()) {
                send(startedAt + (long) ((warmIssued + issued) * 1e9 / rate));
            }
            if (!canIssue()) {
                vertx.cancelTimer(timer);
                stopped = true;
                maybeFinish();
            }
        }

        private void send(long intendedNanos) {
            boolean measured = warmIssued == warmup;
            if (measured) {
                if (issued == 0) {
                    measuredFrom = intendedNanos;
                    if (durationNanos > 0) {
                        deadline = intendedNanos + durationNanos;
                    }
                }
                issued++;
            } else {
                warmIssued++;
            }
            RequestFactory.Request r = factory.next();
            RequestFactory.Endpoint e = r.endpoint();
            RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost(e.host()).setPort(e.port())
                    .setSsl(e.ssl()).setURI(r.uri()).setTimeout(o.timeoutMs);
            client.request(options)
                    .compose(req -> send(req, r))
                    .compose(resp -> resp.body().map(body -> factory.check(resp.statusCode(), body)))
                    .onComplete(ar -> complete(intendedNanos, measured, ar.succeeded() ? ar.result() : kind(ar.cause())));
        }

        private static io.vertx.core.Future<io.vertx.core.http.HttpClientResponse> send(HttpClientRequest req,
                RequestFactory.Request r) {
            CharSequence[] h = r.headers();
            for (int i = 0; i < h.length; i += 2) {
                req.putHeader(h[i], h[i + 1]);
            }
            return req.send(r.body());
        }

        private void complete(long intendedNanos, boolean measured, String error) {
            if (measured) {
                completed++;
                long micros = Math.max(0, (System.nanoTime() - intendedNanos) / 1000);
                histogram.recordValue(Math.min(micros, histogram.getHighestTrackableValue()));
                if (error == null) {
                    ok++;
                } else {
                    errors.merge(error, 1L, Long::sum);
                }
            } else {
                warmCompleted++;
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
            if ((stopped || !canIssue()) && completed == issued && warmCompleted == warmIssued) {
                finish();
            }
        }

        private void finish() {
            if (reported.getAndIncrement() == 0) {
                finishedAt = System.nanoTime();
                if (issued == 0) {
                    measuredFrom = finishedAt;
                }
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
