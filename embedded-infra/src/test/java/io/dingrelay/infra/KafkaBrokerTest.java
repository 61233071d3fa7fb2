package io.dingrelay.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two broker starts on one folder: topics, a round trip, and the records still there after the restart. */
public class KafkaBrokerTest {

    @TempDir
    Path dir;

    @Test
    void roundTripAndRestartOnTheSameDataDirectory() throws Exception {
        Path data = dir.resolve("kafka");
        String clusterId;
        try (KafkaBroker kafka = KafkaBroker.start(KafkaBroker.Options.defaults().dataDirectory(data).numPartitions(2))) {
            System.out.printf("[infra] first Kafka start (format + start): %d ms%n", kafka.startupTime().toMillis());
            assertThat(kafka.reusedData()).isFalse();
            assertThat(kafka.bootstrapServers()).startsWith("localhost:");
            clusterId = kafka.clusterId();
            assertThat(clusterId).isNotBlank();

            kafka.createTopics(Map.of("push.batches", 4, "dingtalk.events", 1));
            kafka.createTopics(Map.of("push.batches", 4)); // idempotent
            assertThat(partitions(kafka.bootstrapServers(), "push.batches")).isEqualTo(4);
            assertThat(partitions(kafka.bootstrapServers(), "dingtalk.events")).isEqualTo(1);

            produce(kafka.bootstrapServers(), "push.batches", List.of("a", "b", "c"));
            assertThat(consume(kafka.bootstrapServers(), "push.batches", 3)).containsExactlyInAnyOrder("a", "b", "c");

            // auto.create.topics.enable with num.partitions=2
            produce(kafka.bootstrapServers(), "auto.created", List.of("x"));
            assertThat(partitions(kafka.bootstrapServers(), "auto.created")).isEqualTo(2);
            kafka.close();
            kafka.close(); // twice is fine
            assertThatThrownBy(() -> kafka.createTopics(Map.of("late", 1))).isInstanceOf(IllegalStateException.class);
        }
        assertThat(data.resolve("meta.properties")).exists();

        try (KafkaBroker again = KafkaBroker.start(KafkaBroker.Options.defaults().dataDirectory(data))) {
            System.out.printf("[infra] Kafka restart on existing data: %d ms%n", again.startupTime().toMillis());
            assertThat(again.reusedData()).isTrue();
            assertThat(again.clusterId()).isEqualTo(clusterId);
            assertThat(consume(again.bootstrapServers(), "push.batches", 3)).containsExactlyInAnyOrder("a", "b", "c");
            assertThat(partitions(again.bootstrapServers(), "push.batches")).isEqualTo(4);
        }
        assertThat(Files.exists(data)).as("a given data directory is kept").isTrue();
    }

    @Test
    void singleNodeDefaultsAndExtraProperties() {
        Properties p = KafkaBroker.properties(
                KafkaBroker.Options.defaults().numPartitions(3).brokerProperty("log.retention.ms", "-1")
                        .brokerProperty("num.io.threads", "4"),
                dir, 1111, 2222);
        assertThat(p).containsEntry("num.partitions", "3")
                .containsEntry("offsets.topic.replication.factor", "1")
                .containsEntry("transaction.state.log.min.isr", "1")
                .containsEntry("group.initial.rebalance.delay.ms", "0")
                .containsEntry("auto.create.topics.enable", "true")
                .containsEntry("controller.quorum.voters", "1@localhost:2222")
                .containsEntry("advertised.listeners", "PLAINTEXT://localhost:1111")
                .containsEntry("log.retention.ms", "-1")
                .containsEntry("num.io.threads", "4");
        assertThatThrownBy(() -> KafkaBroker.Options.defaults().numPartitions(0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    public static int partitions(String bootstrap, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            return admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(topic).partitions().size();
        }
    }

    public static void produce(String bootstrap, String topic, List<String> values) throws Exception {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            for (String value : values) {
                producer.send(new ProducerRecord<>(topic, value, value)).get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** Reads {@code count} records from the beginning with a fresh group, bounded by a deadline. */
    public static List<String> consume(String bootstrap, String topic, int count) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "infra-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> values = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            while (values.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
        }
        return values;
    }
}
