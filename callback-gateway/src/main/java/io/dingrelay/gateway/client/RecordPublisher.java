package io.dingrelay.gateway.client;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes a callback's records and reports when Kafka has acknowledged all of them. Two implementations, chosen at
 * build time by {@code gateway.kafka.client}: {@link KafkaRecordPublisher} (a plain idempotent producer on its own
 * thread, the default) and {@link EmitterRecordPublisher} (SmallRye's {@code MutinyEmitter}, kept to compare them;
 * README "Kafka client: measured").
 */
public interface RecordPublisher {

    /**
     * Sends every record; completes once Kafka acknowledged all of them ({@code acks=all}), or exceptionally with the
     * first failure. A failure does not recall records already sent: they may still be written (a duplicate the
     * consumers drop by id), but are never reported as written when they are not.
     */
    CompletableFuture<Void> publish(List<ProducerRecord<String, byte[]>> records);
}
