package io.dingrelay.gateway.service;

import io.dingrelay.gateway.messaging.RecordPublisher;
import io.dingrelay.gateway.config.GatewayConfig;
import io.dingrelay.gateway.metrics.GatewayMetrics;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * "Durable before acknowledged", once per id: publishes a callback's records unless its id is already durable or in
 * flight, and completes only when Kafka acknowledged them, or fails with {@link io.dingrelay.gateway.messaging.NotDurableException}
 * after {@code gateway.durability.ack-timeout}.
 */
@ApplicationScoped
public class DurablePublisher {

    /** How a callback was settled. */
    public enum Outcome {
        /** This request's records were acknowledged by Kafka. */
        PUBLISHED,
        /** The id was already durable (or became durable while this repeat waited): nothing new was written. */
        DUPLICATE
    }

    /**
     * The records of one callback and what to do once Kafka settles them (even after the caller stopped waiting).
     *
     * @param onSettled receives null when every record was acknowledged, else the failure
     */
    public record Publication(List<ProducerRecord<String, byte[]>> records, Consumer<Throwable> onSettled) {

        public static Publication of(List<ProducerRecord<String, byte[]>> records) {
            return new Publication(records, failure -> {
            });
        }
    }

    private final RecordPublisher kafka;
    private final DurableAck ack;
    private final GatewayMetrics metrics;
    private final Deduplicator dedup;
    private final Duration ackTimeout;

    DurablePublisher(RecordPublisher kafka, DurableAck ack, GatewayMetrics metrics, GatewayConfig config) {
        this.kafka = kafka;
        this.ack = ack;
        this.metrics = metrics;
        this.dedup = new Deduplicator(config.dedup().window(), config.dedup().maxEntries());
        this.ackTimeout = config.durability().ackTimeout();
    }

    /**
     * @param app         the app name (for metrics)
     * @param endpoint    the endpoint (for metrics)
     * @param id          the callback's id (eventId, msgId): the de-duplication key within the app and endpoint
     * @param publication builds the records; called only when this request is the first with this id
     */
    public Uni<Outcome> publishOnce(String app, Endpoint endpoint, String id, Supplier<Publication> publication) {
        Deduplicator.Claim claim = dedup.claim(app + '\u0000' + endpoint.tag() + '\u0000' + id);
        if (claim instanceof Deduplicator.Claim.Durable) {
            metrics.duplicate(app, endpoint);
            return Uni.createFrom().item(Outcome.DUPLICATE);
        }
        if (claim instanceof Deduplicator.Claim.InFlight inFlight) {
            // Never answer a repeat before the first copy is durable: wait for the same acknowledgement.
            return ack.await(inFlight.durable(), ackTimeout)
                    .invoke(() -> metrics.duplicate(app, endpoint))
                    .replaceWith(Outcome.DUPLICATE);
        }
        Deduplicator.Claim.First first = (Deduplicator.Claim.First) claim;
        Publication p;
        try {
            p = publication.get();
        } catch (RuntimeException e) {
            dedup.settle(first, e);
            throw e;
        }
        long started = System.nanoTime();
        CompletableFuture<Void> acked = kafka.publish(p.records());
        acked.whenComplete((ok, failure) -> {
            metrics.published(app, endpoint, System.nanoTime() - started, failure == null);
            dedup.settle(first, failure);
            p.onSettled().accept(failure);
        });
        return ack.await(acked, ackTimeout).replaceWith(Outcome.PUBLISHED);
    }
}
