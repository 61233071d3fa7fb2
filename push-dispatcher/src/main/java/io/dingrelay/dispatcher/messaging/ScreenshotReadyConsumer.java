package io.dingrelay.dispatcher.messaging;

import io.dingrelay.events.EventJson;
import io.dingrelay.events.screenshot.ScreenshotReady;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Rendered dashboards from {@code screenshot.ready}. Today logged and acknowledged; runs waiting for their image
 * will resume from here once campaigns with dashboards exist.
 */
@ApplicationScoped
public class ScreenshotReadyConsumer {

    private static final Logger LOG = Logger.getLogger(ScreenshotReadyConsumer.class);

    private final MeterRegistry meters;

    public ScreenshotReadyConsumer(MeterRegistry meters) {
        this.meters = meters;
    }

    @Incoming("screenshot-ready-in")
    public void onReady(ConsumerRecord<String, String> record) {
        ScreenshotReady ready;
        try {
            ready = EventJson.read(record.value(), ScreenshotReady.class);
        } catch (UncheckedIOException | IllegalArgumentException | NullPointerException e) {
            count("malformed");
            LOG.warnf("Skipping malformed screenshot.ready %s: %s", RecordDescription.of(record), e.getMessage());
            return;
        }
        count("received");
        LOG.infof("Dashboard %s rendered for request %s: %s", ready.dashboardId(), ready.requestId(), ready.imageUrl());
    }

    private void count(String result) {
        meters.counter("dingrelay.dispatcher.records", "channel", "screenshot-ready-in", "result", result).increment();
    }
}
