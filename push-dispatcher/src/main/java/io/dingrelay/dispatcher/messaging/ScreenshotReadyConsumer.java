package io.dingrelay.dispatcher.messaging;

import io.dingrelay.events.screenshot.ScreenshotReady;
import io.dingrelay.messaging.RecordReader;
import jakarta.enterprise.context.ApplicationScoped;
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

    private final RecordReader reader;

    public ScreenshotReadyConsumer(RecordReader reader) {
        this.reader = reader;
    }

    @Incoming("screenshot-ready-in")
    public void onReady(ConsumerRecord<String, String> record) {
        reader.read("screenshot-ready-in", record, ScreenshotReady.class).ifPresent(ready ->
                LOG.infof("Dashboard %s rendered for request %s: %s", ready.dashboardId(), ready.requestId(), ready.imageUrl()));
    }
}
