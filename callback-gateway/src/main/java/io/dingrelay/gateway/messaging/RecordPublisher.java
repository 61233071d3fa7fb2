package io.dingrelay.gateway.messaging;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes a callback's records and reports when Kafka has acknowledged all of them. The implementation is
 * {@link KafkaRecordPublisher}: one idempotent producer whose {@code send} runs on the calling event loop and never
 * blocks ({@code max.block.ms=0}). The benchmark build ({@code -Pbench}) also has {@code bench.EmitterRecordPublisher}
 * (SmallRye's {@code MutinyEmitter}), chosen at build time by {@code gateway.kafka.client=emitter}, to compare the
 * two (README "Kafka client: measured").
 */
public interface RecordPublisher {

    /**
     * Sends every record; completes once Kafka acknowledged all of them ({@code acks=all}), or exceptionally with the
     * first failure. A failure does not recall records already sent: they may still be written (a duplicate the
     * consumers drop by id), but are never reported as written when they are not.
     */
    CompletableFuture<Void> publish(List<ProducerRecord<String, byte[]>> records);
}
