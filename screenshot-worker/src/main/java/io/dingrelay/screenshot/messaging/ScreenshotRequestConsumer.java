package io.dingrelay.screenshot.messaging;

import io.dingrelay.events.screenshot.ScreenshotReady;
import io.dingrelay.events.screenshot.ScreenshotRequest;
import io.dingrelay.messaging.RecordReader;
import io.dingrelay.screenshot.config.ScreenshotConfig;
import io.dingrelay.screenshot.render.RenderFailure;
import io.dingrelay.screenshot.service.InvalidRequestException;
import io.dingrelay.screenshot.service.NotFoundException;
import io.dingrelay.screenshot.service.RenderService;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Render requests from {@code screenshot.requests} (the dispatcher's, a lead time before a scheduled run), each
 * answered on {@code screenshot.ready}: the image URL, data version and fire time, or {@code FAILED} with the
 * reason so the dispatcher stops waiting. Idempotent: a redelivered or repeated request gets the same image without
 * a second render. Unreadable records are counted, logged and skipped ({@link RecordReader}); the outcome of each
 * read request is counted in the same {@code dingrelay.screenshot.records{channel,result=ready|failed}}.
 */
@ApplicationScoped
public class ScreenshotRequestConsumer {

    private static final Logger LOG = Logger.getLogger(ScreenshotRequestConsumer.class);

    private static final String CHANNEL = "requests-in";

    private final RecordReader reader;
    private final RenderService renders;
    private final ScreenshotReadyPublisher ready;
    private final MeterRegistry meters;
    private final boolean publishFailures;

    public ScreenshotRequestConsumer(RecordReader reader, RenderService renders, ScreenshotReadyPublisher ready,
            MeterRegistry meters, ScreenshotConfig config) {
        this.reader = reader;
        this.renders = renders;
        this.ready = ready;
        this.meters = meters;
        this.publishFailures = config.publishFailures();
    }

    @Incoming(CHANNEL)
    public Uni<Void> onRequest(ConsumerRecord<String, String> record) {
        return reader.read(CHANNEL, record, ScreenshotRequest.class, request -> {
            if (request.dashboardId() == null || request.requestId() == null) {
                throw new IllegalArgumentException("dashboardId and requestId are required");
            }
        }).map(this::render).orElseGet(() -> Uni.createFrom().voidItem());
    }

    private Uni<Void> render(ScreenshotRequest r) {
        return renders.snapshot(r.dashboardId().value(), Math.max(0, r.width()), Math.max(0, r.height()), r.fireAt(), false)
                .map(s -> new ScreenshotReady(r.dashboardId(), r.requestId(), s.imageUrl(), s.sha256(), s.renderedAt(),
                        s.dataVersion(), r.fireAt(), ScreenshotReady.READY, null))
                .onFailure(e -> e instanceof RenderFailure || e instanceof NotFoundException
                        || e instanceof InvalidRequestException)
                .recoverWithItem(e -> {
                    LOG.warnf("Render request %s for dashboard %s failed: %s", r.requestId(), r.dashboardId(), e.getMessage());
                    return new ScreenshotReady(r.dashboardId(), r.requestId(), null, null, Instant.now(), null, r.fireAt(),
                            ScreenshotReady.FAILED, e.getMessage());
                })
                .chain(event -> {
                    boolean ok = ScreenshotReady.READY.equals(event.status());
                    if (!ok && !publishFailures) {
                        count("failed");
                        return Uni.createFrom().voidItem();
                    }
                    return ready.publish(event).invoke(() -> count(ok ? "ready" : "failed"));
                });
    }

    private void count(String result) {
        meters.counter(reader.metricName(), "channel", CHANNEL, "result", result).increment();
    }
}
