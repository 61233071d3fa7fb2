package io.dingrelay.screenshot.messaging;

import io.dingrelay.events.CloudEvent;
import io.dingrelay.events.CloudEventTypes;
import io.dingrelay.events.EventJson;
import io.dingrelay.events.screenshot.ScreenshotReady;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Announces a rendered dashboard on {@code screenshot.ready}, keyed by dashboard id, as a CloudEvent. */
@ApplicationScoped
public class ScreenshotReadyPublisher {

    static final String SOURCE = "/dingrelay/screenshot-worker";

    private final MutinyEmitter<String> ready;

    public ScreenshotReadyPublisher(@Channel("ready-out") MutinyEmitter<String> ready) {
        this.ready = ready;
    }

    public Uni<Void> publish(ScreenshotReady event) {
        RecordHeaders headers = new RecordHeaders();
        new CloudEvent(event.requestId(), SOURCE, CloudEventTypes.SCREENSHOT_READY, null, Instant.now())
                .headerBytes().forEach(headers::add);
        return ready.sendMessage(Message.of(EventJson.write(event)).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(event.dashboardId().value()).withHeaders(headers).build()));
    }
}
