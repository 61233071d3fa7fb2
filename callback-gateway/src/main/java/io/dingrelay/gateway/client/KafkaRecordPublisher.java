package io.dingrelay.gateway.client;

import io.dingrelay.events.Topics;
import io.dingrelay.gateway.config.GatewayConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.properties.UnlessBuildProperty;
import io.quarkus.runtime.Startup;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

/**
 * Writes records with one idempotent {@code acks=all} producer and reports when Kafka has acknowledged them.
 *
 * <p>{@link KafkaProducer#send} is asynchronous but may block its caller for up to {@code max.block.ms} (no metadata
 * for the topic yet, or the buffer full because the broker is away). The event loop must never block, so every send
 * runs on one dedicated publisher thread: a send costs microseconds, so one thread keeps up with tens of thousands of
 * records per second, and when it does block, the callbacks queued behind it are bounded by
 * {@code gateway.kafka.max-pending} and refused at once beyond that.
 *
 * <p>The returned future completes on the producer's I/O thread; callers move back to their own context before doing
 * anything substantial (see {@code DurableAck}).
 */
@Startup
@ApplicationScoped
@UnlessBuildProperty(name = "gateway.kafka.client", stringValue = "emitter", enableIfMissing = true)
public class KafkaRecordPublisher implements RecordPublisher {

    private static final Logger LOG = Logger.getLogger(KafkaRecordPublisher.class);

    /** The topics the gateway writes; their metadata is fetched at start-up so first sends do not wait for it. */
    static final List<String> TOPICS = List.of(Topics.DINGTALK_EVENTS, Topics.ROBOT_EVENTS, Topics.CHAT_MESSAGES);

    private final Producer<String, byte[]> producer;
    private final ThreadPoolExecutor sender;

    KafkaRecordPublisher(@Identifier("default-kafka-broker") Map<String, Object> kafka, GatewayConfig config,
            MeterRegistry registry) {
        GatewayConfig.Kafka settings = config.kafka();
        this.producer = new KafkaProducer<>(ProducerSettings.of(kafka, settings, "callback-gateway"));
        this.sender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(settings.maxPending()),
                r -> {
                    Thread t = new Thread(r, "gateway-kafka-publisher");
                    t.setDaemon(true);
                    return t;
                },
                new ThreadPoolExecutor.AbortPolicy());
        Gauge.builder("dingrelay.gateway.kafka.pending", sender, s -> s.getQueue().size())
                .description("Callbacks waiting for the publisher thread")
                .register(registry);
        warmUpMetadata();
    }

    @Override
    public CompletableFuture<Void> publish(List<ProducerRecord<String, byte[]>> records) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        try {
            sender.execute(() -> sendAll(records, acked));
        } catch (RejectedExecutionException e) {
            acked.completeExceptionally(new NotDurableException(
                    "publisher queue is full (" + sender.getQueue().size() + " waiting): the broker is not keeping up"));
        }
        return acked;
    }

    private void sendAll(List<ProducerRecord<String, byte[]>> records, CompletableFuture<Void> acked) {
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
                // max.block.ms elapsed (no metadata, buffer full), or the producer is closed.
                acked.completeExceptionally(new NotDurableException(
                        "Kafka refused a record for " + record.topic() + ": " + e, e));
                return;
            }
        }
    }

    /**
     * Asks for the three topics' partitions on the publisher thread, so the first callbacks find the metadata cached.
     * A broker that is not reachable yet is not fatal: readiness reports it and the first sends fetch it.
     */
    private void warmUpMetadata() {
        sender.execute(() -> {
            for (String topic : TOPICS) {
                try {
                    producer.partitionsFor(topic);
                } catch (RuntimeException e) {
                    LOG.warnf("No metadata for topic %s yet (%s); the first callbacks will fetch it", topic, e.toString());
                }
            }
        });
    }

    @PreDestroy
    void close() {
        sender.shutdown();
        try {
            if (!sender.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warnf("%d callbacks were still waiting for the publisher at shutdown", sender.getQueue().size());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Records already sent get the rest of the grace period to be acknowledged.
        producer.close(Duration.ofSeconds(10));
    }
}
