package io.dingrelay.gateway.messaging;

import io.dingrelay.events.Topics;
import io.dingrelay.gateway.config.GatewayConfig;
import io.quarkus.arc.properties.UnlessBuildProperty;
import io.quarkus.runtime.Startup;
import io.smallrye.common.annotation.Identifier;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

/**
 * Writes records with one idempotent {@code acks=all} producer, straight from the event loop, and reports when Kafka
 * has acknowledged them.
 *
 * <p>{@link KafkaProducer#send} is asynchronous, but it waits up to {@code max.block.ms} when the topic's metadata is
 * not cached or the buffer is full (broker away). With {@code max.block.ms=0} it never waits: it appends to the batch
 * or throws at once, and the callback is answered 503 at once. That makes it safe on the event loop, and saves every
 * callback a hand-over to another thread and back (measured: README "Kafka client: measured"). What it costs is
 * that topic metadata must already be cached, so start-up waits (boundedly) for it, readiness stays DOWN until it is
 * cached, and it is touched every minute so it never ages out ({@link #warmUp()}). When no broker is reachable for a
 * while, Kafka 4's client re-bootstraps and forgets the topics; sends are then refused at once until the broker is back
 * and the metadata fetched again (milliseconds).
 *
 * <p>The returned future completes on the producer's I/O thread; callers move back to their own context before doing
 * anything substantial (see {@code DurableAck}).
 */
@Startup
@ApplicationScoped
@UnlessBuildProperty(name = "gateway.kafka.client", stringValue = "emitter", enableIfMissing = true)
public class KafkaRecordPublisher implements RecordPublisher {

    private static final Logger LOG = Logger.getLogger(KafkaRecordPublisher.class);

    /** The topics the gateway writes. */
    static final List<String> TOPICS = List.of(Topics.DINGTALK_EVENTS, Topics.ROBOT_EVENTS, Topics.CHAT_MESSAGES);
    /** How often metadata is touched once warm (far below the day of {@code metadata.max.idle.ms}). */
    private static final long KEEP_WARM_MS = 60_000;
    /** How often a missing topic's metadata is asked for until it arrives. */
    private static final long RETRY_MS = 200;

    private final Producer<String, byte[]> producer;
    private final Vertx vertx;
    private volatile boolean metadataReady;
    private volatile long timer = -1;

    KafkaRecordPublisher(@Identifier("default-kafka-broker") Map<String, Object> kafka, GatewayConfig config, Vertx vertx) {
        this.producer = new KafkaProducer<>(ProducerSettings.of(kafka, config.kafka(), "callback-gateway"));
        this.vertx = vertx;
        awaitMetadata(config.kafka().startupMetadataWait());
        warmUp();
    }

    @Override
    public CompletableFuture<Void> publish(List<ProducerRecord<String, byte[]>> records) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        AtomicInteger remaining = new AtomicInteger(records.size());
        for (ProducerRecord<String, byte[]> record : records) {
            try {
                producer.send(record, (metadata, failure) -> {
                    if (failure != null) {
                        acked.completeExceptionally(new NotDurableException(
                                "Kafka did not acknowledge a record for " + record.topic() + ": " + failure, failure));
                    } else if (remaining.decrementAndGet() == 0) {
                        acked.complete(null);
                    }
                });
            } catch (RuntimeException e) {
                // max.block.ms=0: no metadata for the topic, or the buffer is full because the broker is away.
                acked.completeExceptionally(new NotDurableException("Kafka refused a record for " + record.topic() + ": " + e, e));
                break;
            }
        }
        return acked;
    }

    /**
     * Start-up only (the HTTP server is not serving yet): waits a bounded time for the topics' metadata, so the first
     * callbacks find it. A broker that is away does not stop the start: readiness reports it, and the timer keeps asking.
     */
    private void awaitMetadata(Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (!fetchMetadata()) {
            if (System.nanoTime() - deadline > 0) {
                LOG.warnf("No Kafka metadata for %s after %s; starting anyway, not ready until it arrives", TOPICS, atMost);
                return;
            }
            try {
                Thread.sleep(RETRY_MS / 4);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Asks for every topic's partitions without waiting; true when all are cached. */
    private boolean fetchMetadata() {
        boolean ready = true;
        for (String topic : TOPICS) {
            try {
                producer.partitionsFor(topic);
            } catch (RuntimeException e) {
                ready = false;
            }
        }
        return ready;
    }

    /** Whether the metadata of every topic the gateway writes is cached, i.e. a send will not fail for want of it. */
    public boolean metadataReady() {
        return metadataReady;
    }

    /**
     * Asks for each topic's partitions without waiting (max.block.ms=0 makes {@code partitionsFor} throw at once while
     * the producer fetches the metadata in the background), again every {@value #RETRY_MS} ms until all are cached,
     * then every minute to keep them from ageing out.
     */
    private void warmUp() {
        boolean ready = fetchMetadata();
        if (ready && !metadataReady) {
            LOG.infof("Kafka metadata cached for %s", TOPICS);
        }
        metadataReady = ready;
        try {
            timer = vertx.setTimer(ready ? KEEP_WARM_MS : RETRY_MS, id -> warmUp());
        } catch (IllegalStateException e) {
            // Vert.x is closing: shutting down.
        }
    }

    @PreDestroy
    void close() {
        vertx.cancelTimer(timer);
        // Records already sent get the rest of the grace period to be acknowledged.
        producer.close(Duration.ofSeconds(10));
    }
}
