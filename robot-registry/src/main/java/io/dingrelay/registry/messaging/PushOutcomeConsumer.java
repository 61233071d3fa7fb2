package io.dingrelay.registry.messaging;

import io.dingrelay.events.EventJson;
import io.dingrelay.events.push.DeliveryOutcome;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads delivery outcomes from {@code push.outcomes}.
 *
 * <p>Today it logs (at debug: there is one per delivery attempt) and acknowledges them; disabling groups whose
 * robot is gone comes in a later issue. Malformed records are logged and skipped.
 */
@ApplicationScoped
public class PushOutcomeConsumer {

    private static final Logger LOG = Logger.getLogger(PushOutcomeConsumer.class);

    private final MeterRegistry meters;

    public PushOutcomeConsumer(MeterRegistry meters) {
        this.meters = meters;
    }

    @Incoming("push-outcomes")
    public void onOutcome(ConsumerRecord<String, String> record) {
        DeliveryOutcome outcome;
        try {
            outcome = EventJson.read(record.value(), DeliveryOutcome.class);
        } catch (UncheckedIOException | IllegalArgumentException | NullPointerException e) {
            count("malformed");
            LOG.warnf("Skipping malformed delivery outcome %s: %s", RecordDescription.of(record), e.getMessage());
            return;
        }
        count("received");
        LOG.debugf("Delivery %s attempt %d: %s %s (not applied yet)",
                outcome.deliveryId(), outcome.attempt(), outcome.status(), outcome.code());
    }

    private void count(String result) {
        meters.counter("dingrelay.registry.records", "channel", "push-outcomes", "result", result).increment();
    }
}
