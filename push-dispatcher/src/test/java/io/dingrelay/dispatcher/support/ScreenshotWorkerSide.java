package io.dingrelay.dispatcher.support;

import io.dingrelay.events.CloudEvent;
import io.dingrelay.events.CloudEventTypes;
import io.dingrelay.events.EventJson;
import io.dingrelay.events.Topics;
import io.dingrelay.events.screenshot.ScreenshotReady;
import io.dingrelay.events.screenshot.ScreenshotRequest;
import io.dingrelay.messaging.CloudEventRecords;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The screenshot-worker's side of {@code screenshot.requests} → {@code screenshot.ready}, played by a test on the real
 * topics of the real broker: it reads the requests the dispatcher published and answers them as the worker does (the
 * {@code events} payload types, CloudEvents binary mode through messaging's {@link CloudEventRecords}, key = dashboard
 * id). screenshot-worker is another service; the real pair meets in deploy/local's integration tests.
 */
public final class ScreenshotWorkerSide implements AutoCloseable {

    static final String SOURCE = "/dingrelay/screenshot-worker";

    private final String bootstrap;
    private final KafkaProducer<String, byte[]> producer;

    public ScreenshotWorkerSide(String bootstrap) {
        this.bootstrap = bootstrap;
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    /** Every request on {@code screenshot.requests} so far (the whole topic, read to its end now). */
    public List<ScreenshotRequest> requests() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ScreenshotRequest> out = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.SCREENSHOT_REQUESTS).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    out.add(EventJson.read(r.value(), ScreenshotRequest.class));
                }
            }
        }
        return out;
    }

    /** The requests for one dashboard. */
    public List<ScreenshotRequest> requestsFor(String dashboardId) {
        return requests().stream().filter(r -> r.dashboardId().value().equals(dashboardId)).toList();
    }

    /** Answers a request READY with {@code imageUrl}, echoing its fire time, as the worker does after a render. */
    public void ready(ScreenshotRequest request, String imageUrl) {
        publish(new ScreenshotReady(request.dashboardId(), request.requestId(), imageUrl, "0".repeat(64), Instant.now(), "v1.r1",
                request.fireAt(), ScreenshotReady.READY, null));
    }

    /** Answers a request FAILED, as the worker does with {@code publish-failures=true}. */
    public void failed(ScreenshotRequest request, String error) {
        publish(new ScreenshotReady(request.dashboardId(), request.requestId(), null, null, Instant.now(), null, request.fireAt(),
                ScreenshotReady.FAILED, error));
    }

    private void publish(ScreenshotReady event) {
        try {
            producer.send(CloudEventRecords.record(Topics.SCREENSHOT_READY, event.dashboardId().value(),
                    new CloudEvent(event.requestId(), SOURCE, CloudEventTypes.SCREENSHOT_READY, null, Instant.now()), event)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
