package io.dingrelay.dispatcher.messaging;

import io.dingrelay.events.EventJson;
import io.dingrelay.events.push.Delivery;
import io.dingrelay.events.push.PushBatch;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * The senders' input: batches from {@code push.batches} and deliveries due again from {@code push.retry.*}.
 *
 * <p>Today they are logged (never their credentials: {@code DeliveryTarget} prints only the group id) and
 * acknowledged; flow control, signing and sending come in the dispatcher's sending issue. Malformed records are
 * logged and skipped so one bad record cannot stall a partition.
 */
@ApplicationScoped
public class BatchConsumer {

    private static final Logger LOG = Logger.getLogger(BatchConsumer.class);

    private final MeterRegistry meters;

    public BatchConsumer(MeterRegistry meters) {
        this.meters = meters;
    }

    @Incoming("batches-in")
    public void onBatch(ConsumerRecord<String, String> record) {
        PushBatch batch;
        try {
            batch = EventJson.read(record.value(), PushBatch.class);
        } catch (UncheckedIOException | IllegalArgumentException | NullPointerException e) {
            count("batches-in", "malformed");
            LOG.warnf("Skipping malformed batch %s: %s", RecordDescription.of(record), e.getMessage());
            return;
        }
        count("batches-in", "received");
        LOG.infof("Batch %s of run %s: %d targets (sending not implemented yet)",
                batch.batchId(), batch.runId(), batch.targets().size());
    }

    @Incoming("retries-in")
    public void onRetry(ConsumerRecord<String, String> record) {
        Delivery delivery;
        try {
            delivery = EventJson.read(record.value(), Delivery.class);
        } catch (UncheckedIOException | IllegalArgumentException | NullPointerException e) {
            count("retries-in", "malformed");
            LOG.warnf("Skipping malformed retry %s: %s", RecordDescription.of(record), e.getMessage());
            return;
        }
        count("retries-in", "received");
        LOG.infof("Delivery %s due again from %s after %d attempts (sending not implemented yet)",
                delivery.deliveryId(), record.topic(), delivery.attempt());
    }

    private void count(String channel, String result) {
        meters.counter("dingrelay.dispatcher.records", "channel", channel, "result", result).increment();
    }
}
