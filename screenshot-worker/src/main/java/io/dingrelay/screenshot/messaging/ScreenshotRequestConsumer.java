package io.dingrelay.screenshot.messaging;

import io.dingrelay.events.EventJson;
import io.dingrelay.events.screenshot.ScreenshotRequest;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Render requests from {@code screenshot.requests}. Today they are logged and acknowledged; rendering with
 * headless Chromium and answering on {@code screenshot.ready} (through {@link ScreenshotReadyPublisher}) come with
 * the worker's rendering issue. Malformed records are logged and skipped.
 */
@ApplicationScoped
public class ScreenshotRequestConsumer {

    private static final Logger LOG = Logger.getLogger(ScreenshotRequestConsumer.class);

    private final MeterRegistry meters;

    public ScreenshotRequestConsumer(MeterRegistry meters) {
        this.meters = meters;
    }

    @Incoming("requests-in")
    public void onRequest(ConsumerRecord<String, String> record) {
        ScreenshotRequest request;
        try {
            request = EventJson.read(record.value(), ScreenshotRequest.class);
        } catch (UncheckedIOException | IllegalArgumentException | NullPointerException e) {
            count("malformed");
            LOG.warnf("Skipping malformed screenshot request %s-%d@%d: %s",
                    record.topic(), record.partition(), record.offset(), e.getMessage());
            return;
        }
        count("received");
        LOG.infof("Render request %s for dashboard %s at %dx%d (rendering not implemented yet)",
                request.requestId(), request.dashboardId(), request.width(), request.height());
    }

    private void count(String result) {
        meters.counter("dingrelay.screenshot.records", "channel", "requests-in", "result", result).increment();
    }
}
