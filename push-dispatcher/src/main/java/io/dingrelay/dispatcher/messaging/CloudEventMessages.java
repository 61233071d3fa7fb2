package io.dingrelay.dispatcher.messaging;

import io.dingrelay.events.CloudEvent;
import io.dingrelay.events.EventJson;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import java.time.Instant;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Builds the Kafka records this service writes: JSON value, record key, CloudEvents binary-mode headers. */
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
        RecordHeaders headers = new RecordHeaders();
        new CloudEvent(id, SOURCE, type, null, Instant.now()).headerBytes().forEach(headers::add);
        OutgoingKafkaRecordMetadata.OutgoingKafkaRecordMetadataBuilder<String> metadata =
                OutgoingKafkaRecordMetadata.<String>builder().withKey(key).withHeaders(headers);
        if (topic != null) {
            metadata = metadata.withTopic(topic);
        }
        if (partition >= 0) {
            metadata = metadata.withPartition(partition);
        }
        return Message.of(EventJson.write(payload)).addMetadata(metadata.build());
    }
}
