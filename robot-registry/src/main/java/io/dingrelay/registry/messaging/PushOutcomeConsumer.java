package io.dingrelay.registry.messaging;

import io.dingrelay.events.push.DeliveryOutcome;
import io.dingrelay.registry.service.OutcomeApplier;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Applies delivery outcomes from {@code push.outcomes} to the groups' health, a polled batch per transaction:
 * permanent failures and failures past the window disable a group, a success clears its streak.
 */
@ApplicationScoped
public class PushOutcomeConsumer {

    private static final Logger LOG = Logger.getLogger(PushOutcomeConsumer.class);

    private final RecordReader reader;
    private final OutcomeApplier applier;
    private final MeterRegistry meters;

    public PushOutcomeConsumer(RecordReader reader, OutcomeApplier applier, MeterRegistry meters) {
        this.reader = reader;
        this.applier = applier;
        this.meters = meters;
    }

    @Incoming("push-outcomes")
    public Uni<Void> onBatch(ConsumerRecords<String, String> records) {
        List<DeliveryOutcome> outcomes = new ArrayList<>(records.count());
        for (ConsumerRecord<String, String> record : records) {
            reader.read("push-outcomes", record, DeliveryOutcome.class).ifPresent(outcome -> {
                String invalid = OutcomeApplier.invalid(outcome);
                if (invalid != null) {
                    meters.counter("dingrelay.registry.outcomes", "result", "invalid").increment();
                    LOG.warnf("Skipping outcome %s-%d@%d: %s", record.topic(), record.partition(), record.offset(),
                            invalid);
                } else {
                    outcomes.add(outcome);
                }
            });
        }
        return applier.apply(outcomes)
                .onFailure().invoke(e -> LOG.warnf("Applying %d outcomes failed, retrying: %s", outcomes.size(),
                        e.getClass().getSimpleName()))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).atMost(20);
    }
}
