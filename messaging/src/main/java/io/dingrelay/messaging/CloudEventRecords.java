package io.dingrelay.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.dingrelay.events.CloudEvent;
import io.dingrelay.events.EventJson;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Writes the records of our topics: CloudEvents in Kafka binary mode ({@code ce_*} headers from
 * {@link CloudEvent#headerBytes()}, the one place that knows them), the payload as JSON ({@link EventJson}), keyed.
 * Two forms: a {@link ProducerRecord} for a service with its own producer (the gateway), a {@link Message} for a
 * SmallRye emitter (the other services).
 */
public final class CloudEventRecords {

    private CloudEventRecords() {
    }

    /** A record for a plain producer, with {@code value} as given (bytes already JSON). */
    public static ProducerRecord<String, byte[]> record(String topic, String key, CloudEvent event, byte[] value) {
        return new ProducerRecord<>(topic, null, null, key, value, headers(event));
    }

    /** A record for a plain producer, {@code payload} written as UTF-8 JSON. */
    public static ProducerRecord<String, byte[]> record(String topic, String key, CloudEvent event, Object payload) {
        return record(topic, key, event, json(payload));
    }

    /**
     * A message for a {@code MutinyEmitter<String>}: JSON value, key and CloudEvents headers in its
     * {@link OutgoingKafkaRecordMetadata}.
     *
     * @param topic null for the channel's configured topic; set when one channel writes several (the retry steps)
     */
    public static Message<String> message(String topic, String key, CloudEvent event, Object payload) {
        return message(topic, -1, key, event, payload);
    }

    /**
     * As {@link #message(String, String, CloudEvent, Object)}, to a chosen partition.
     *
     * @param partition the partition to write to, or -1 for the producer's choice by key
     */
    public static Message<String> message(String topic, int partition, String key, CloudEvent event, Object payload) {
        RecordHeaders headers = new RecordHeaders(headers(event));
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

    /** The event's attributes as Kafka headers, in {@link CloudEvent#headerBytes()} order. */
    public static List<Header> headers(CloudEvent event) {
        Map<String, byte[]> bytes = event.headerBytes();
        List<Header> headers = new ArrayList<>(bytes.size());
        bytes.forEach((name, value) -> headers.add(new RecordHeader(name, value)));
        return headers;
    }

    /** UTF-8 JSON with the shared mapper, straight to bytes. */
    public static byte[] json(Object payload) {
        try {
            return EventJson.mapper().writeValueAsBytes(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a " + payload.getClass().getSimpleName(), e);
        }
    }
}
