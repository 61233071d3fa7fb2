package io.dingrelay.local.drill;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads whole topics (every partition, from the beginning to the end offsets of the moment) and counts records per
 * CloudEvents id ({@code ce_id} header): how the drills check "in Kafka exactly once by its id". Uses no consumer
 * group, so it changes nothing for the services.
 */
final class TopicCensus {

    private final String bootstrap;

    TopicCensus(String bootstrap) {
        this.bootstrap = bootstrap;
    }

    /** Records per {@code ce_id} starting with {@code idPrefix}, over the whole topic. */
    Map<String, Integer> countIds(String topic, String idPrefix) {
        Map<String, Integer> counts = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
            while (!reached(consumer, end)) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("reading " + topic + " did not reach its end offsets " + end);
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    Header h = r.headers().lastHeader("ce_id");
                    if (h != null) {
                        String id = new String(h.value(), StandardCharsets.UTF_8);
                        if (id.startsWith(idPrefix)) {
                            counts.merge(id, 1, Integer::sum);
                        }
                    }
                }
            }
        }
        return counts;
    }

    /** The sum of the end offsets of these topics: whether anything was written to them since. */
    long endOffsetSum(List<String> topics) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> all = new ArrayList<>();
            for (String t : topics) {
                all.addAll(partitions(consumer, t));
            }
            return consumer.endOffsets(all, Duration.ofSeconds(30)).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /**
     * Waits until nothing more is written to these topics for {@code quiet} (a record a gateway answered 503 for may
     * still be in its producer's buffer and be written after the broker came back), at most {@code max}.
     */
    void awaitQuiet(List<String> topics, Duration quiet, Duration max) {
        Instant deadline = Instant.now().plus(max);
        long last = endOffsetSum(topics);
        Instant stableSince = Instant.now();
        while (Instant.now().isBefore(deadline)) {
            pause(Duration.ofMillis(500));
            long now = endOffsetSum(topics);
            if (now != last) {
                last = now;
                stableSince = Instant.now();
            } else if (Duration.between(stableSince, Instant.now()).compareTo(quiet) >= 0) {
                return;
            }
        }
    }

    private static boolean reached(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer, String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
        return infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        // Only committed records: what a consumer of the services would see.
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
