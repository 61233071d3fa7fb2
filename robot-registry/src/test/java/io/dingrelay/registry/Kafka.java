package io.dingrelay.registry;

import io.dingrelay.events.EventJson;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Produces test records to the real broker. */
final class Kafka {

    private Kafka() {
    }

    static void send(String bootstrap, String topic, List<? extends Object> payloads, java.util.function.Function<Object, String> key) {
        try (KafkaCompanion kafka = new KafkaCompanion(bootstrap)) {
            kafka.produceStrings().fromRecords(payloads.stream()
                    .map(p -> new ProducerRecord<>(topic, key.apply(p), p instanceof String s ? s : EventJson.write(p)))
                    .toList()).awaitCompletion(Duration.ofSeconds(30));
        }
    }
}
