package io.dingrelay.gateway.bench;

import io.dingrelay.gateway.messaging.KafkaRecordPublisher;
import io.dingrelay.gateway.messaging.NotDurableException;
import io.dingrelay.gateway.messaging.RecordPublisher;

import io.quarkus.arc.properties.IfBuildProperty;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * The alternative measured against {@link KafkaRecordPublisher}: every record as a {@link Message} through SmallRye's
 * {@code MutinyEmitter} on channel {@code gateway-out} (topic, key and headers in {@link OutgoingKafkaRecordMetadata});
 * the emitter's Uni completes when the connector's producer is acknowledged. Benchmark code (src/bench, compiled into
 * the application only with {@code -Pbench}), active only with {@code -Dgateway.kafka.client=emitter} and the
 * {@code emitter} profile's channel configuration; README "Kafka client: measured".
 */
@ApplicationScoped
@IfBuildProperty(name = "gateway.kafka.client", stringValue = "emitter")
public class EmitterRecordPublisher implements RecordPublisher {

    private final MutinyEmitter<byte[]> emitter;

    public EmitterRecordPublisher(@Channel("gateway-out") MutinyEmitter<byte[]> emitter) {
        this.emitter = emitter;
    }

    @Override
    public CompletableFuture<Void> publish(List<ProducerRecord<String, byte[]>> records) {
        List<Uni<Void>> sends = records.stream().map(r -> emitter.sendMessage(Message.of(r.value())
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withTopic(r.topic())
                        .withKey(r.key())
                        .withHeaders(r.headers())
                        .build())))
                .toList();
        CompletableFuture<Void> acked = new CompletableFuture<>();
        Uni.join().all(sends).andFailFast().subscribe().with(
                ok -> acked.complete(null),
                failure -> acked.completeExceptionally(new NotDurableException("Kafka did not acknowledge: " + failure, failure)));
        return acked;
    }
}
