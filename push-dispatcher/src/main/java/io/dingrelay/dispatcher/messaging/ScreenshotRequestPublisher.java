package io.dingrelay.dispatcher.messaging;

import io.dingrelay.events.CloudEventTypes;
import io.dingrelay.events.screenshot.ScreenshotRequest;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;

/** Asks the screenshot-worker to render a dashboard before a run that embeds it. */
@ApplicationScoped
public class ScreenshotRequestPublisher {

    private final MutinyEmitter<String> requests;

    public ScreenshotRequestPublisher(@Channel("screenshot-requests-out") MutinyEmitter<String> requests) {
        this.requests = requests;
    }

    public Uni<Void> request(ScreenshotRequest request) {
        return requests.sendMessage(CloudEventMessages.of(null, request.dashboardId().value(), request.requestId(),
                CloudEventTypes.SCREENSHOT_REQUEST, request));
    }
}
