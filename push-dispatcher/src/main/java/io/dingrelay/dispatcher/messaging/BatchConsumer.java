package io.dingrelay.dispatcher.messaging;

import io.dingrelay.dispatcher.sending.DeliverySender;
import io.dingrelay.events.push.Delivery;
import io.dingrelay.events.push.PushBatch;
import io.dingrelay.messaging.RecordReader;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The senders' input: batches from {@code push.batches} and deliveries due again from {@code push.retry.*}. A record
 * is acknowledged (its offset committed) only when every delivery in it has been sent and recorded in the ledger; a
 * record seen again after a crash or a rebalance is harmless, the ledger skips what was delivered.
 *
 * <p><b>Retries.</b> Each step of {@link io.dingrelay.events.RetrySchedule} has its own topic and its own channel
 * ({@code retry-30s} … {@code retry-4h}), so a delivery waiting four hours never holds up one due in thirty seconds.
 * A channel takes a poll's records at once (up to {@code max.poll.records}, 100) and starts each delivery when it is
 * due ({@code notBefore}), {@code send-concurrency} in flight; the poll is acknowledged when all are done. Records of
 * one topic were written with about the same delay (± jitter), so they fall due roughly in their order, and a poll
 * waits for its last one at most a fraction of the step longer. While it waits, the connector pauses the partitions
 * (back-pressure) and keeps polling, so the consumer stays in its group.
 */
@ApplicationScoped
public class BatchConsumer {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(BatchConsumer.class);
    private static final int RETRY_CONCURRENCY = 64;

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

    @Incoming("retry-30s")
    public Uni<Void> onRetry30s(ConsumerRecords<String, String> records) {
        return retries("retry-30s", records);
    }

    @Incoming("retry-5m")
    public Uni<Void> onRetry5m(ConsumerRecords<String, String> records) {
        return retries("retry-5m", records);
    }

    @Incoming("retry-15m")
    public Uni<Void> onRetry15m(ConsumerRecords<String, String> records) {
        return retries("retry-15m", records);
    }

    @Incoming("retry-1h")
    public Uni<Void> onRetry1h(ConsumerRecords<String, String> records) {
        return retries("retry-1h", records);
    }

    @Incoming("retry-4h")
    public Uni<Void> onRetry4h(ConsumerRecords<String, String> records) {
        return retries("retry-4h", records);
    }

    /** Every delivery of a poll, each when it is due, then the poll is acknowledged. */
    Uni<Void> retries(String channel, ConsumerRecords<String, String> records) {
        List<Delivery> due = new ArrayList<>(records.count());
        for (ConsumerRecord<String, String> r : records) {
            reader.read(channel, r, Delivery.class).ifPresent(due::add);
        }
        if (due.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createFrom().iterable(due)
                .onItem().transformToUni(this::whenDue).merge(RETRY_CONCURRENCY)
                .collect().last().replaceWithVoid();
    }

    /** A retried delivery waits until it is due, then goes through the same path as a batch. */
    private Uni<Void> whenDue(Delivery d) {
        Duration wait = d.notBefore() == null ? Duration.ZERO : Duration.between(Instant.now(), d.notBefore());
        Uni<Void> send = Uni.createFrom().deferred(() -> sender.send(d.runId(), d.campaignId(), d.partitionKey(), d.message(),
                        List.of(d.target()), d.firstParkedAt()))
                // a failed ledger or broker write is tried again; a delivery left SENDING is taken over after the lease
                .onFailure().retry().withBackOff(Duration.ofMillis(200)).atMost(3)
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("Retried delivery %s not settled: %s", d.deliveryId(), e.toString());
                    return null;
                });
        // Vert.x timers refuse delays under 1 ms
        return wait.toMillis() < 1 ? send : Uni.createFrom().voidItem().onItem().delayIt().by(wait).chain(() -> send);
    }
}
