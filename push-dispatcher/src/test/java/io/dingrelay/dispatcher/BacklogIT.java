package io.dingrelay.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dingrelay.dispatcher.support.AudienceServer;
import io.dingrelay.dispatcher.support.DeliveryWorld;
import io.dingrelay.dispatcher.support.DispatcherProcess;
import io.dingrelay.events.CloudEvent;
import io.dingrelay.events.CloudEventTypes;
import io.dingrelay.events.EventJson;
import io.dingrelay.events.Topics;
import io.dingrelay.events.ids.CampaignId;
import io.dingrelay.events.ids.GroupId;
import io.dingrelay.events.ids.RunId;
import io.dingrelay.events.push.DeliveryTarget;
import io.dingrelay.events.push.PushBatch;
import io.dingrelay.events.push.PushMessage;
import io.dingrelay.events.registry.GroupKind;
import io.dingrelay.infra.KafkaBroker;
import io.dingrelay.infra.PostgresServer;
import io.dingrelay.keyring.Sealed;
import io.dingrelay.messaging.CloudEventRecords;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A backlog on {@code push.batches} larger than a sender's heap (senders down during an outage, or a replay from an
 * offset) is worked through a few batches at a time: the packaged dispatcher with a 128 MB heap starts after
 * 2,600 batches of 200 targets (~140 MB of JSON; as Java strings twice that) were published, reads them all (its consumer group's committed offsets
 * reach the end of every partition) and is still alive and ready. The batches are of a run its ledger does not
 * know (a planning-only run elsewhere), so each costs one claim that finds nothing, and nothing is sent.
 */
class BacklogIT {

    static final int BATCHES = 2_600;
    static final int TARGETS = 200;

    static KafkaBroker kafka;
    static PostgresServer pg;
    static DispatcherProcess dispatcher;
    static Path logs;

    @BeforeAll
    static void start() throws Exception {
        logs = Files.createDirectories(Path.of("target", "backlog-it"));
        Files.deleteIfExists(logs.resolve("dispatcher-backlog.log")); // appended to by each start: an earlier run's OOM is not this one's
        kafka = KafkaBroker.start(KafkaBroker.Options.defaults());
        kafka.createTopics(io.dingrelay.events.Topics.all());
        pg = PostgresServer.start(PostgresServer.Options.defaults());
        pg.createDatabase("push_dispatcher");
        DeliveryWorld.audience = new AudienceServer().start();
        DeliveryWorld.simUrl = DeliveryWorld.audience.url(); // nothing is sent: the backlog's run is not in this ledger
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {dispatcher, DeliveryWorld.audience, kafka, pg}) {
            if (c != null) {
                c.close();
            }
        }
        DeliveryWorld.audience = null;
        DeliveryWorld.simUrl = null;
    }

    @Test
    void aBacklogLargerThanTheHeapIsReadAFewBatchesAtATime() throws Exception {
        long bytes = publishBacklog();
        assertThat(bytes).as("the backlog outweighs the heap").isGreaterThan(128L * 1024 * 1024);

        dispatcher = DispatcherProcess.start(System.getProperty("dingrelay.dispatcher.jar", "target/quarkus-app/quarkus-run.jar"),
                kafka.bootstrapServers(), pg, "push_dispatcher", logs, "backlog",
                List.of("-XX:TieredStopAtLevel=1", "-Xmx128m", "-XX:+ExitOnOutOfMemoryError"));

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
            for (int p = 0; p < 12; p++) {
                latest.put(new TopicPartition(Topics.PUSH_BATCHES, p), OffsetSpec.latest());
            }
            Map<TopicPartition, Long> end = new java.util.HashMap<>();
            admin.listOffsets(latest).all().get().forEach((tp, info) -> end.put(tp, info.offset()));
            assertThat(end.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(BATCHES);

            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                assertThat(dispatcher.alive()).as("dispatcher alive (log %s)", dispatcher.log()).isTrue();
                Map<TopicPartition, OffsetAndMetadata> committed =
                        admin.listConsumerGroupOffsets("push-dispatcher-senders").partitionsToOffsetAndMetadata().get();
                return end.entrySet().stream().allMatch(e -> committed.get(e.getKey()) != null
                        && committed.get(e.getKey()).offset() >= e.getValue());
            });
        }
        assertThat(dispatcher.alive()).isTrue();
        assertThat(Files.readString(dispatcher.log())).doesNotContain("OutOfMemoryError");
        assertThat(DispatcherProcess.status(dispatcher.url() + "/q/health/ready")).isEqualTo(200);
    }

    /** Publishes the backlog; answers its size in bytes of JSON. */
    static long publishBacklog() throws Exception {
        Sealed url = DeliveryWorld.RING.encrypt("http://127.0.0.1:9/robot/send?access_token=backlog-never-sent-0123456789abcdef");
        PushMessage message = new PushMessage(EventJson.read("{\"msgtype\":\"markdown\",\"markdown\":{\"title\":\"{{group.title}}\","
                + "\"text\":\"#### {{group.title}} 日报 {{date}}\"}}", com.fasterxml.jackson.databind.JsonNode.class),
                EventJson.mapper().createObjectNode(), "Asia/Shanghai", Instant.now(), null);
        RunId run = RunId.of("backlog-run-unknown-here");
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        long bytes = 0;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (int b = 0; b < BATCHES; b++) {
                int partition = b % 12;
                List<DeliveryTarget> targets = new ArrayList<>(TARGETS);
                for (int i = 0; i < TARGETS; i++) {
                    targets.add(new DeliveryTarget(GroupId.of(String.format("backlog-%07d", b * TARGETS + i)), GroupKind.CUSTOM_WEBHOOK,
                            "积压测试群 " + (b * TARGETS + i), url.keyId(), url.ciphertext(), null, null));
                }
                PushBatch batch = new PushBatch(run.value() + "-p" + partition + "-" + b, run, CampaignId.of("backlog"), "p" + partition,
                        message, targets, Instant.now());
                byte[] json = CloudEventRecords.json(batch);
                bytes += json.length;
                var record = CloudEventRecords.record(Topics.PUSH_BATCHES, "p" + partition,
                        new CloudEvent(run.value() + ":" + batch.batchId(), "/dingrelay/backlog-it", CloudEventTypes.PUSH_BATCH, null, Instant.now()),
                        json);
                sent.add(producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(record.topic(), partition, record.key(),
                        record.value(), record.headers())));
            }
            for (Future<RecordMetadata> f : sent) {
                f.get();
            }
        }
        return bytes;
    }
}
