package io.dingrelay.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.dingrelay.events.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local stack a newcomer runs, started through the same launcher API on a temporary data folder with free
 * ports: every packaged service and the simulator come up healthy, and a second start on the same folder finds
 * the first one's Kafka records, database rows and secrets.
 */
class LocalStackIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path dataDir;

    @Test
    void everyServiceComesUpHealthyAndASecondStartReusesTheData() throws Exception {
        String marker = "marker-" + UUID.randomUUID();
        String groupId = "g-" + UUID.randomUUID();
        LocalSecrets firstSecrets;
        List<Long> firstPids = new ArrayList<>();

        try (LocalStack stack = LocalStack.builder().dataDir(dataDir).freePorts().start()) {
            assertThat(stack.urls().keySet()).containsExactlyElementsOf(StackService.ids());
            assertEveryServiceReady(stack);
            HttpResponse<String> page = get(stack.url("dingtalk-simulator") + "/");
            assertThat(page.statusCode()).as("the simulator's page").isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("text/html"));
            assertSecretsNotOnCommandLines(stack);

            produce(stack.kafkaBootstrapServers().orElseThrow(), marker);
            try (Connection db = registryDatabase(stack)) {
                db.createStatement().executeUpdate("insert into groups (id, title, kind, webhook_ciphertext, crypto_key_id)"
                        + " values ('" + groupId + "', 'IT group', 'CUSTOM_WEBHOOK', 'Y2lwaGVy', 'local1')");
            }
            firstSecrets = stack.secrets();
            stack.services().forEach(p -> firstPids.add(p.pid()));
        }
        assertThat(firstPids).allSatisfy(pid -> assertThat(ProcessInfo.alive(pid)).as("pid %d stopped", pid).isFalse());

        try (LocalStack again = LocalStack.builder().dataDir(dataDir).freePorts().start()) {
            assertEveryServiceReady(again);
            assertThat(again.secrets()).isEqualTo(firstSecrets);
            assertThat(again.kafkaDataReused()).isTrue();
            assertThat(consumeAll(again.kafkaBootstrapServers().orElseThrow())).contains(marker);
            try (Connection db = registryDatabase(again);
                    ResultSet rs = db.createStatement().executeQuery("select title from groups where id = '" + groupId + "'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("IT group");
            }
        }
    }

    private static void assertEveryServiceReady(LocalStack stack) throws Exception {
        for (Map.Entry<String, String> service : stack.urls().entrySet()) {
            HttpResponse<String> ready = get(service.getValue() + "/q/health/ready");
            assertThat(ready.statusCode()).as("%s readiness: %s", service.getKey(), ready.body()).isEqualTo(200);
            assertThat(ready.body()).as(service.getKey()).contains("\"UP\"");
        }
    }

    /** {@code ps} shows command lines to every user of the machine: the secrets must travel another way. */
    private static void assertSecretsNotOnCommandLines(LocalStack stack) {
        LocalSecrets s = stack.secrets();
        for (ServiceProcess p : stack.services()) {
            String commandLine = ProcessHandle.of(p.pid()).flatMap(h -> h.info().commandLine()).orElse("");
            assertThat(commandLine).as(p.name()).contains("quarkus-run.jar")
                    .doesNotContain(s.appSecret()).doesNotContain(s.token()).doesNotContain(s.aesKey())
                    .doesNotContain(s.adminToken()).doesNotContain(s.cryptoKey());
        }
    }

    private static Connection registryDatabase(LocalStack stack) throws Exception {
        var pg = stack.postgres().orElseThrow();
        return DriverManager.getConnection(pg.jdbcUrl("robot_registry"), pg.username(), pg.password());
    }

    private static void produce(String bootstrap, String value) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            producer.send(new ProducerRecord<>(Topics.DINGTALK_EVENTS, "it-corp", value)).get();
        }
    }

    /** Every value on dingtalk.events from the beginning to the end offsets as they are now. */
    private static List<String> consumeAll(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.DINGTALK_EVENTS, Duration.ofSeconds(30)).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    values.add(r.value());
                }
            }
        }
        return values;
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
