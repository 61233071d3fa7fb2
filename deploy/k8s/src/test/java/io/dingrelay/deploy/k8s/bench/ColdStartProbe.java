package io.dingrelay.deploy.k8s.bench;

import io.dingrelay.deploy.k8s.ServiceChannels;
import io.dingrelay.events.CloudEvent;
import io.dingrelay.infra.KafkaBroker;
import io.dingrelay.infra.PostgresServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The cold-start benchmark's two halves (deploy/k8s/bench/cold-start.sh runs them):
 * <ul>
 * <li>{@code infra <dir>}: a real Kafka broker with every topic of events' Topics and a real PostgreSQL with the
 * services' databases (embedded-infra), in this JVM; prints {@code READY <bootstrap> <postgres-port>} and runs until killed.</li>
 * <li>{@code probe <service> <bootstrap> <postgres-port> <log> <java> <jvm-options…> -jar <jar>}: one cold start of a
 * consumer service. Puts one record on the topic of its first Kafka channel, starts the process with a consumer group
 * of its own (so every run starts from that record), and prints the milliseconds from process start to
 * {@code /q/health/ready} answering 200 and to the group's first committed offset (the record read and
 * acknowledged: what KEDA's lag sees), and the process's RSS at that moment.</li>
 * </ul>
 * Secrets for the service (admin token, key ring) are random per run and travel in the environment.
 */
public final class ColdStartProbe {

    private static final Map<String, String> DATABASES = Map.of("robot-registry", "robot_registry",
            "push-dispatcher", "push_dispatcher");

    /** Kept referenced: java.util.logging holds loggers weakly, and a collected one forgets its level. */
    private static final java.util.logging.Logger KAFKA_LOG = java.util.logging.Logger.getLogger("org.apache.kafka");

    private ColdStartProbe() {
    }

    public static void main(String[] args) throws Exception {
        KAFKA_LOG.setLevel(java.util.logging.Level.WARNING);
        if (args.length >= 2 && args[0].equals("infra")) {
            infra(Path.of(args[1]));
        } else if (args.length >= 8 && args[0].equals("probe")) {
            probe(args);
        } else {
            System.err.println("usage: ColdStartProbe infra <dir> | probe <service> <bootstrap> <pg-port> <log> <command…>");
            System.exit(2);
        }
    }

    private static void infra(Path dir) throws InterruptedException {
        KafkaBroker broker = KafkaBroker.start(KafkaBroker.Options.defaults().dataDirectory(dir.resolve("kafka")));
        broker.createTopics(io.dingrelay.events.Topics.all());
        PostgresServer postgres = PostgresServer.start(PostgresServer.Options.defaults().dataDirectory(dir.resolve("pg")));
        DATABASES.values().forEach(postgres::createDatabase);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            postgres.close();
            broker.close();
            stopped.countDown();
        }, "cold-start-infra-stop"));
        System.out.println("READY " + broker.bootstrapServers() + " " + postgres.port());
        System.out.flush();
        stopped.await();
    }

    private static void probe(String[] args) throws Exception {
        String service = args[1];
        String bootstrap = args[2];
        int pgPort = Integer.parseInt(args[3]);
        Path log = Path.of(args[4]);
        List<String> command = new ArrayList<>(List.of(args).subList(5, args.length));
        int jar = command.indexOf("-jar");
        Path module = Path.of(command.get(jar + 1)).toAbsolutePath().getParent().getParent().getParent();

        List<ServiceChannels.Incoming> incoming = ServiceChannels.incoming(module);
        ServiceChannels.Incoming first = incoming.get(0);
        String group = "cold-start-" + UUID.randomUUID();
        int port = freePort();
        List<String> props = new ArrayList<>(List.of("-Dquarkus.http.port=" + port, "-Dkafka.bootstrap.servers=" + bootstrap,
                "-Dquarkus.log.console.level=INFO"));
        for (ServiceChannels.Incoming in : incoming) {
            String p = "-Dmp.messaging.incoming." + in.channel() + ".";
            // A group of its own per run, so the record put below is this run's first; commits every 100 ms instead of 5 s.
            props.add(p + "group.id=" + group + (in == first ? "" : "-" + in.channel()));
            props.add(p + "auto.commit.interval.ms=100");
        }
        String db = DATABASES.get(service);
        if (db != null) {
            props.add("-Dquarkus.datasource.reactive.url=postgresql://localhost:" + pgPort + "/" + db);
            props.add("-Dquarkus.datasource.jdbc.url=jdbc:postgresql://localhost:" + pgPort + "/" + db);
            props.add("-Dquarkus.datasource.username=" + PostgresServer.USER);
            props.add("-Dquarkus.datasource.password=${COLD_START_DB_PASSWORD}");
        }
        props.addAll(List.of("-Ddingrelay.admin-token=${COLD_START_ADMIN_TOKEN}", "-Ddingrelay.crypto.keys.k1=${COLD_START_KEY}",
                "-Ddingrelay.crypto.active-key=k1", "-Ddingrelay.registry-url=http://127.0.0.1:9",
                "-Ddingtalk.api-base-url=http://127.0.0.1:9", "-Ddingtalk.oapi-base-url=http://127.0.0.1:9",
                "-Ddingrelay.screenshot.images-dir=" + Files.createTempDirectory("cold-start-images"),
                "-Ddingrelay.screenshot.public-url=http://localhost:" + port));
        command.addAll(jar, props);

        String topic = first.topics().get(0);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new StringSerializer())) {
            ProducerRecord<String, String> record = new ProducerRecord<>(topic, "cold-start", payload(topic));
            new CloudEvent(UUID.randomUUID().toString(), "/dingrelay/cold-start", "io.dingrelay.bench.v1", "cold-start",
                    Instant.now()).headers().forEach((k, v) -> record.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
            producer.send(record).get();
        }

        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("COLD_START_DB_PASSWORD", PostgresServer.PASSWORD);
        pb.environment().put("COLD_START_ADMIN_TOKEN", UUID.randomUUID().toString());
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        pb.environment().put("COLD_START_KEY", Base64.getEncoder().encodeToString(key));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(200)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2)).build();

        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(adminProps)) {
            long started = System.nanoTime();
            Process process = pb.start();
            // The benchmark stopped under us (Ctrl-C): the service must not outlive the probe.
            Thread reaper = new Thread(process::destroy, "cold-start-reaper");
            Runtime.getRuntime().addShutdownHook(reaper);
            long readyMs = -1;
            long firstRecordMs = -1;
            long deadline = started + Duration.ofSeconds(180).toNanos();
            try {
                while ((readyMs < 0 || firstRecordMs < 0) && System.nanoTime() < deadline) {
                    if (!process.isAlive()) {
                        throw new IllegalStateException(service + " exited with " + process.exitValue() + "; see " + log);
                    }
                    if (readyMs < 0 && isReady(http, ready)) {
                        readyMs = (System.nanoTime() - started) / 1_000_000;
                    }
                    if (firstRecordMs < 0 && committed(admin, group, topic)) {
                        firstRecordMs = (System.nanoTime() - started) / 1_000_000;
                    }
                    Thread.sleep(10);
                }
                System.out.printf("READY_MS %d FIRST_RECORD_MS %d RSS_KB %d%n", readyMs, firstRecordMs, rssKb(process.pid()));
            } finally {
                process.destroy();
                process.waitFor();
                Runtime.getRuntime().removeShutdownHook(reaper);
            }
        }
    }

    /** A record the service reads as its payload type (unknown fields are ignored; an unreadable one is skipped, also acknowledged). */
    private static String payload(String topic) {
        String now = Instant.now().toString();
        return switch (topic) {
            case "dingtalk.robot-events" -> "{\"eventId\":\"cold-start-" + UUID.randomUUID() + "\",\"kind\":\"GROUP_RENAMED\","
                    + "\"app\":\"main\",\"conversationId\":\"cidColdStart\",\"title\":\"冷启动\",\"occurredAt\":\"" + now + "\"}";
            case "dingtalk.chat-messages" -> "{\"msgId\":\"cold-start-" + UUID.randomUUID() + "\",\"app\":\"main\","
                    + "\"conversationId\":\"cidColdStart\",\"conversationType\":\"2\",\"msgtype\":\"text\",\"text\":\"hi\","
                    + "\"inAtList\":true,\"sessionWebhook\":\"http://127.0.0.1:9/robot/sendBySession?session=x\","
                    + "\"sessionWebhookExpiresAt\":\"" + Instant.now().plusSeconds(600) + "\",\"createdAt\":\"" + now + "\"}";
            case "push.batches" -> "{\"batchId\":\"b1\",\"runId\":\"cold-start\",\"campaignId\":\"c1\",\"partitionKey\":\"p0\","
                    + "\"message\":{\"msgtype\":\"text\",\"text\":{\"content\":\"hi\"}},\"targets\":[],\"createdAt\":\"" + now + "\"}";
            case "screenshot.requests" -> "{\"dashboardId\":\"cold-start\",\"requestId\":\"r1\",\"width\":400,\"height\":300,"
                    + "\"requestedAt\":\"" + now + "\"}";
            default -> "{}";
        };
    }

    private static boolean isReady(HttpClient http, HttpRequest ready) {
        try {
            return http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }

    private static boolean committed(Admin admin, String group, String topic) throws InterruptedException {
        try {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get();
            return offsets.entrySet().stream().anyMatch(e -> e.getKey().topic().equals(topic)
                    && e.getValue() != null && e.getValue().offset() > 0);
        } catch (java.util.concurrent.ExecutionException e) {
            return false;
        }
    }

    private static long rssKb(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream().filter(l -> l.startsWith("VmRSS:"))
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).findFirst().orElse(-1L);
        } catch (Exception e) {
            return -1;
        }
    }

    private static int freePort() throws java.io.IOException {
        return io.dingrelay.infra.Ports.free();
    }

}
