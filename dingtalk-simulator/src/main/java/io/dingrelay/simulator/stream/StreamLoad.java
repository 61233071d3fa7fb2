package io.dingrelay.simulator.stream;

import io.dingrelay.simulator.callback.AppKeys;
import io.dingrelay.simulator.callback.CallbackPayloads;
import org.HdrHistogram.Histogram;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Stream load generator: {@code count} robot messages or events through the app's connections, at most
 * {@code inFlight} un-ACKed at a time (closed loop: each ACK releases the next frame), with the frame → first ACK
 * latency of each in an HdrHistogram. Runs inside the simulator, which is DingTalk's side of the socket.
 */
public final class StreamLoad {

    /** What to send. */
    public record Spec(String kind, int count, int inFlight, int groups, int warmup) {
    }

    private final StreamHub hub;
    private final AppKeys app;
    private final String corpId;
    private final String sessionBase;
    private final Spec spec;
    private final Histogram latency = new Histogram(3_600_000_000L, 3);
    private final Map<String, Integer> outcomes = new TreeMap<>();
    private final AtomicInteger started = new AtomicInteger();
    private final CompletableFuture<Map<String, Object>> done = new CompletableFuture<>();
    private final String runId = io.dingrelay.simulator.RandomIds.hex(6);
    private int finished;
    private long measuredFrom;
    private long t0;

    public StreamLoad(StreamHub hub, AppKeys app, String corpId, String sessionBase, Spec spec) {
        this.hub = hub;
        this.app = app;
        this.corpId = corpId;
        this.sessionBase = sessionBase;
        this.spec = spec;
    }

    public CompletableFuture<Map<String, Object>> run() {
        t0 = System.nanoTime();
        measuredFrom = spec.warmup() == 0 ? t0 : -1;
        for (int i = 0; i < Math.min(spec.inFlight(), total()); i++) {
            next();
        }
        return done;
    }

    private int total() {
        return spec.warmup() + spec.count();
    }

    private void next() {
        int i = started.getAndIncrement();
        if (i >= total()) {
            return;
        }
        long now = System.currentTimeMillis();
        String cid = "cidload" + runId + (i % spec.groups());
        StreamHub.Delivery d;
        if (spec.kind().equals("event")) {
            var ctx = new CallbackPayloads.EventContext(corpId, cid, "chat" + cid, "负载测试 " + i, app.appKey());
            StreamPayloads.Event e = StreamPayloads.event(app, "chat_update_title", ctx, now, null);
            d = hub.event(app.name(), e.eventId(), e.frame());
        } else {
            var body = CallbackPayloads.robotMessage(app, corpId, cid, "负载测试群", new CallbackPayloads.Speaker("压测", "load", false),
                    "load " + i, sessionBase + "/robot/sendBySession?session=load", now + 5_400_000L, now);
            d = hub.callback(app.name(), StreamFrames.ROBOT_TOPIC, StreamPayloads.robotMessage(body));
        }
        boolean measured = i >= spec.warmup();
        d.firstAnswer().whenComplete((a, failure) -> answered(measured, a, failure));
    }

    private void answered(boolean measured, StreamHub.Answer a, Throwable failure) {
        boolean last;
        synchronized (this) {
            String outcome = failure != null ? "not_sent"
                    : a.outcome().equals("ack") ? (a.status() != null ? a.status() : Integer.toString(a.code())) : a.outcome();
            if (measured) {
                if (measuredFrom < 0) {
                    measuredFrom = System.nanoTime();
                }
                outcomes.merge(outcome, 1, Integer::sum);
                if (a != null) {
                    latency.recordValue(Math.max(1, a.micros()));
                }
            }
            finished++;
            last = finished == total();
            if (failure != null) {
                // No connection: stop here rather than fail every remaining frame at once.
                started.set(total());
                last = true;
            }
        }
        if (last) {
            done.complete(result());
        } else {
            next();
        }
    }

    private synchronized Map<String, Object> result() {
        double seconds = (System.nanoTime() - (measuredFrom < 0 ? t0 : measuredFrom)) / 1e9;
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("kind", spec.kind());
        r.put("count", spec.count());
        r.put("warmup", spec.warmup());
        r.put("inFlight", spec.inFlight());
        r.put("seconds", seconds);
        r.put("perSecond", latency.getTotalCount() / Math.max(seconds, 1e-9));
        r.put("outcomes", outcomes);
        r.put("p50Ms", latency.getValueAtPercentile(50) / 1000.0);
        r.put("p90Ms", latency.getValueAtPercentile(90) / 1000.0);
        r.put("p99Ms", latency.getValueAtPercentile(99) / 1000.0);
        r.put("maxMs", latency.getMaxValue() / 1000.0);
        return r;
    }
}
