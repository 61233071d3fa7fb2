package io.dingrelay.registry.messaging;

import io.dingrelay.events.push.DeliveryOutcome;
import io.dingrelay.registry.service.OutcomeApplier;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Applies delivery outcomes from {@code push.outcomes} to the groups' health, a polled batch per transaction:
 * permanent failures and failures past the window disable a group, a success clears its streak.
 */
@ApplicationScoped
public class PushOutcomeConsumer {

    private final BatchIntake intake;
    private final OutcomeApplier applier;

    public PushOutcomeConsumer(BatchIntake intake, OutcomeApplier applier) {
        this.intake = intake;
        this.applier = applier;
    }

    @Incoming("push-outcomes")
    public Uni<Void> onBatch(ConsumerRecords<String, String> records) {
        return intake.take("push-outcomes", records, DeliveryOutcome.class, OutcomeApplier::invalid,
                "dingrelay.registry.outcomes", applier::apply);
    }
}
