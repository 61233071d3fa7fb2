package io.dingrelay.registry.messaging;

import io.dingrelay.events.push.DeliveryOutcome;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads delivery outcomes from {@code push.outcomes}.
 *
 * <p>Today it logs (at debug: there is one per delivery attempt) and acknowledges them; disabling groups whose
 * robot is gone comes in a later issue.
 */
@ApplicationScoped
public class PushOutcomeConsumer {

    private static final Logger LOG = Logger.getLogger(PushOutcomeConsumer.class);

    private final RecordReader reader;

    public PushOutcomeConsumer(RecordReader reader) {
        this.reader = reader;
    }

    @Incoming("push-outcomes")
    public void onOutcome(ConsumerRecord<String, String> record) {
        reader.read("push-outcomes", record, DeliveryOutcome.class).ifPresent(outcome ->
                LOG.debugf("Delivery %s attempt %d: %s %s (not applied yet)",
                        outcome.deliveryId(), outcome.attempt(), outcome.status(), outcome.code()));
    }
}
