package io.dingrelay.dispatcher.messaging;

import io.dingrelay.dispatcher.sending.DeliverySender;
import io.dingrelay.events.push.Delivery;
import io.dingrelay.events.push.PushBatch;
import io.smallrye.mutiny.Uni;
import io.dingrelay.messaging.RecordReader;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The senders' input: batches from {@code push.batches} and deliveries due again from {@code push.retry.*}. A record
 * is acknowledged (its offset committed) only when every delivery in it has been sent and recorded in the ledger; a
 * record seen again after a crash or a rebalance is harmless, the ledger skips what was delivered.
 */
@ApplicationScoped
public class BatchConsumer {

    private final RecordReader reader;
    private final DeliverySender sender;

    public BatchConsumer(RecordReader reader, DeliverySender sender) {
        this.reader = reader;
        this.sender = sender;
    }

    @Incoming("batches-in")
    public Uni<Void> onBatch(ConsumerRecord<String, String> record) {
        return reader.read("batches-in", record, PushBatch.class)
                .map(b -> sender.send(b.runId(), b.campaignId(), b.partitionKey(), b.message(), b.targets()))
                .orElse(Uni.createFrom().voidItem());
    }

    /** A retried delivery waits until it is due (the topic's step), then goes through the same path as a batch. */
    @Incoming("retries-in")
    public Uni<Void> onRetry(ConsumerRecord<String, String> record) {
        return reader.read("retries-in", record, Delivery.class)
                .map(d -> {
                    Duration wait = d.notBefore() == null ? Duration.ZERO : Duration.between(Instant.now(), d.notBefore());
                    Uni<Void> send = sender.send(d.runId(), d.campaignId(), d.partitionKey(), d.message(), List.of(d.target()));
                    return wait.isNegative() || wait.isZero() ? send
                            : Uni.createFrom().voidItem().onItem().delayIt().by(wait).chain(() -> send);
                })
                .orElse(Uni.createFrom().voidItem());
    }
}
