package io.dingrelay.dispatcher.messaging;

import io.dingrelay.events.CloudEvent;
import io.dingrelay.messaging.CloudEventRecords;
import java.time.Instant;
import org.eclipse.microprofile.reactive.messaging.Message;

/** The dispatcher's CloudEvents: its {@code source}, now; written by the messaging module's {@link CloudEventRecords}. */
final class CloudEventMessages {

    static final String SOURCE = "/dingrelay/push-dispatcher";

    private CloudEventMessages() {
    }

    /**
     * @param topic null for the channel's configured topic; set for the retry steps, which share one channel
     */
    static Message<String> of(String topic, String key, String id, String type, Object payload) {
        return of(topic, -1, key, id, type, payload);
    }

    /**
     * @param partition the partition to write to, or -1 for the producer's choice by key
     */
    static Message<String> of(String topic, int partition, String key, String id, String type, Object payload) {
        return CloudEventRecords.message(topic, partition, key, new CloudEvent(id, SOURCE, type, null, Instant.now()), payload);
    }
}
