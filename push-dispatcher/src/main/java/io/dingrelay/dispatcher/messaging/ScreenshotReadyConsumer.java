package io.dingrelay.dispatcher.messaging;

import io.dingrelay.events.screenshot.ScreenshotReady;
import io.dingrelay.dispatcher.service.DashboardImages;
import io.dingrelay.messaging.RecordReader;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Rendered (or failed) dashboards from {@code screenshot.ready}, filed by fire time for the runs that embed them
 * ({@link DashboardImages}). Every replica reads the whole topic in a consumer group of its own, so the replica that
 * plans a run knows its image whichever replica asked for it.
 */
@ApplicationScoped
public class ScreenshotReadyConsumer {

    private static final Logger LOG = Logger.getLogger(ScreenshotReadyConsumer.class);

    private final RecordReader reader;
    private final DashboardImages images;

    public ScreenshotReadyConsumer(RecordReader reader, DashboardImages images) {
        this.reader = reader;
        this.images = images;
    }

    @Incoming("screenshot-ready-in")
    public void onReady(ConsumerRecord<String, String> record) {
        reader.read("screenshot-ready-in", record, ScreenshotReady.class).ifPresent(ready -> {
            if (ready.dashboardId() == null) {
                return;
            }
            images.rendered(ready);
            if (ready.ready()) {
                LOG.infof("Dashboard %s rendered for request %s (fire time %s): %s", ready.dashboardId().value(), ready.requestId(),
                        ready.fireAt(), ready.imageUrl());
            } else {
                LOG.warnf("Dashboard %s: render for request %s (fire time %s) failed: %s", ready.dashboardId().value(), ready.requestId(),
                        ready.fireAt(), ready.error());
            }
        });
    }
}
