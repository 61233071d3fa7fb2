package io.dingrelay.dispatcher.messaging;

import io.dingrelay.events.screenshot.ScreenshotReady;
import io.dingrelay.dispatcher.service.DashboardImages;
import io.dingrelay.messaging.RecordReader;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Rendered dashboards from {@code screenshot.ready}: the newest image of each becomes the {@code {{dashboard.url}}}
 * of the runs that follow.
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
            images.rendered(ready.dashboardId().value(), ready.imageUrl());
            LOG.infof("Dashboard %s rendered for request %s: %s", ready.dashboardId(), ready.requestId(), ready.imageUrl());
        });
    }
}
