package io.dingrelay.dispatcher.messaging;

import io.dingrelay.events.push.Delivery;
import io.dingrelay.events.push.PushBatch;
import io.dingrelay.messaging.RecordReader;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * The senders' input: batches from {@code push.batches} and deliveries due again from {@code push.retry.*}.
 *
 * <p>Today they are logged (never their credentials: {@code DeliveryTarget} prints only the group id) and
 * acknowledged; flow control, signing and sending come in the dispatcher's sending issue.
 */
@ApplicationScoped
public class BatchConsumer {

    private static final Logger LOG = Logger.getLogger(BatchConsumer.class);

    private final RecordReader reader;

    public BatchConsumer(RecordReader reader) {
        this.reader = reader;
    }

    @Incoming("batches-in")
    public void onBatch(ConsumerRecord<String, String> record) {
        reader.read("batches-in", record, PushBatch.class).ifPresent(batch ->
                LOG.infof("Batch %s of run %s: %d targets (sending not implemented yet)",
                        batch.batchId(), batch.runId(), batch.targets().size()));
    }

    @Incoming("retries-in")
    public void onRetry(ConsumerRecord<String, String> record) {
        reader.read("retries-in", record, Delivery.class).ifPresent(delivery ->
                LOG.infof("Delivery %s due again from %s after %d attempts (sending not implemented yet)",
                        delivery.deliveryId(), record.topic(), delivery.attempt()));
    }
}
