package io.dingrelay.registry.bench;

import io.dingrelay.events.EventJson;
import io.dingrelay.events.Topics;
import io.dingrelay.events.ids.AppName;
import io.dingrelay.events.ids.ConversationId;
import io.dingrelay.events.ids.CorpId;
import io.dingrelay.events.ids.EventId;
import io.dingrelay.events.ids.RobotCode;
import io.dingrelay.events.robot.RobotEvent;
import io.dingrelay.events.robot.RobotEventKind;
import io.dingrelay.keyring.KeyRing;
import io.dingrelay.infra.KafkaBroker;
import io.dingrelay.infra.PostgresServer;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * The registry's benchmark (bench/run.sh): the PACKAGED registry as a child process against testkit's real
 * PostgreSQL and Kafka on this machine. Per round: import 100,000 webhooks (NDJSON, encryption included) next to
 * PostgreSQL's own COPY FROM STDIN of the same rows; after the rounds (3 x 100,000 = 300,000 active targets) stream
 * the whole audience several times next to COPY (same query) TO STDOUT, sampling the registry's heap and RSS; then
 * apply robot events from Kafka next to a plain KafkaConsumer reading the same records.
 */
public final class RegistryBench {

    static final String TOKEN = "bench-admin-token";
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    public static void main(String[] args) throws Exception {
        int runs = Integer.parseInt(System.getProperty("runs", "3"));
        int rows = Integer.parseInt(System.getProperty("rows", "100000"));
        int events = Integer.parseInt(System.getProperty("events", "50000"));
        String app = System.getProperty("app", "robot-registry/target/quarkus-app/quarkus-run.jar");
        String heap = System.getProperty("heap", "256m");
        String key = KeyRing.generateBase64Key();
        try (PostgresServer pg = PostgresServer.start(PostgresServer.Options.defaults());
                KafkaBroker kafka = KafkaBroker.start(KafkaBroker.Options.defaults())) {
            pg.createDatabase("robot_registry");
            kafka.createTopics(Topics.all());
            int port = freePort();
            List<String> cmd = List.of("java", "-Xmx" + heap, "-XX:+UseSerialGC",
                    "-Dquarkus.http.port=" + port,
                    "-Dkafka.bootstrap.servers=" + kafka.bootstrapServers(),
                    "-Dquarkus.datasource.reactive.url=" + pg.reactiveUrl("robot_registry"),
                    "-Dquarkus.datasource.jdbc.url=" + pg.jdbcUrl("robot_registry"),
                    "-Ddingrelay.admin-token=" + TOKEN,
                    "-Ddingrelay.crypto.keys.b1=" + key, "-Ddingrelay.crypto.active-key=b1",
                    "-Ddingrelay.registry.import-max-rows=" + Math.max(rows, 100000),
                    "-Dquarkus.log.level=WARN", "-Dquarkus.log.category.\"io.dingrelay\".level=INFO", "-jar", app);
            Path log = Files.createTempFile("registry-bench", ".log");
            List<String> extra = new ArrayList<>(List.of(System.getProperty("jvmOptions", "").split(" ")));
            extra.removeIf(String::isBlank);
            if (!extra.isEmpty()) {
                List<String> withExtra = new ArrayList<>(cmd);
                withExtra.addAll(1, extra);
                cmd = withExtra;
            }
            Process registry = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                String base = "http://localhost:" + port;
                awaitReady(base, registry, log);
                System.out.printf("registry pid %d, -Xmx%s, SerialGC; PostgreSQL %d, Kafka %s; %d runs%n",
                        registry.pid(), heap, pg.port(), kafka.bootstrapServers(), runs);
                try (Connection db = DriverManager.getConnection(pg.jdbcUrl("robot_registry"), pg.username(), pg.password())) {
                    String phases = System.getProperty("phases", "import,audience,events");
                    if (phases.contains("import")) {
                        importRounds(base, db, runs, rows);
                    }
                    if (phases.contains("audience")) {
                        audienceRounds(base, db, registry.pid(), Math.max(3, runs));
                    }
                    if (phases.contains("events")) {
                        eventRounds(base, db, kafka.bootstrapServers(), runs, events);
                    }
                    System.out.println("registry log: " + log);
                    Files.readAllLines(log).stream().filter(l -> l.contains("Imported "))
                            .forEach(l -> System.out.println("  registry: " + l.substring(l.indexOf("Imported "))));
                }
            } finally {
                registry.destroy();
                registry.waitFor();
            }
        }
    }

    // ---------------------------------------------------------------- import

    static void importRounds(String base, Connection db, int runs, int rows) throws Exception {
        List<Double> rates = new ArrayList<>();
        List<Double> copyRates = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
            byte[] body = ndjson(r, rows);
            long t0 = System.nanoTime();
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/groups/import"))
                    .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/x-ndjson")
                    .timeout(Duration.ofMinutes(5)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            double secs = (System.nanoTime() - t0) / 1e9;
            if (answer.statusCode() != 200 || !answer.body().contains("\"accepted\":" + rows)) {
                throw new IllegalStateException("import answered " + answer.statusCode() + ": "
                        + answer.body().substring(0, Math.min(300, answer.body().length())));
            }
            rates.add(rows / secs);
            double copy = copyIn(db, r, rows);
            copyRates.add(rows / copy);
            System.out.printf("import round %d: %,d rows in %.2f s = %,.0f rows/s (%.1f MB NDJSON); baseline COPY FROM STDIN "
                    + "of same-sized rows into a copy of the table with all its indexes (no validation/encryption) %.2f s = %,.0f rows/s%n",
                    r + 1, rows, secs, rows / secs, body.length / 1e6, copy, rows / copy);
        }
        System.out.printf("IMPORT median %,.0f rows/s (target >= 20,000); baseline COPY median %,.0f rows/s%n",
                median(rates), median(copyRates));
    }

    static byte[] ndjson(int round, int rows) {
        StringBuilder b = new StringBuilder(rows * 190);
        for (int i = 0; i < rows; i++) {
            b.append("{\"title\":\"bench ").append(round).append('-').append(i)
                    .append("\",\"webhook\":\"https://oapi.dingtalk.com/robot/send?access_token=")
                    .append(String.format("%08x%056x", round, i)).append('"');
            if (i % 2 == 0) {
                b.append(",\"secret\":\"SEC").append(String.format("%060x", (long) round << 32 | i)).append('"');
            }
            b.append(",\"tags\":[\"t").append(i % 10).append("\",\"all\"]}\n");
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    static double copyIn(Connection db, int round, int rows) throws Exception {
        db.createStatement().execute("CREATE TABLE IF NOT EXISTS copy_baseline (LIKE groups INCLUDING ALL)");
        StringBuilder b = new StringBuilder(rows * 400);
        String cipher = "x".repeat(160);
        for (int i = 0; i < rows; i++) {
            b.append("c").append(round).append('-').append(i).append("\tbench\tCUSTOM_WEBHOOK\t{t1,all}\tb1\t").append(cipher)
                    .append('\t').append(cipher, 0, 100).append("\toapi.dingtalk.com\t")
                    .append(String.format("%064x", (long) round << 32 | i)).append("\tmasked\n");
        }
        long t0 = System.nanoTime();
        CopyManager copy = db.unwrap(PGConnection.class).getCopyAPI();
        copy.copyIn("COPY copy_baseline (id, title, kind, tags, crypto_key_id, webhook_ciphertext, secret_ciphertext, "
                + "webhook_host, webhook_token_hash, webhook_masked) FROM STDIN", new java.io.StringReader(b.toString()));
        return (System.nanoTime() - t0) / 1e9;
    }

    // ---------------------------------------------------------------- audience

    static void audienceRounds(String base, Connection db, long pid, int runs) throws Exception {
        long active;
        try (ResultSet rs = db.createStatement().executeQuery("SELECT count(*) FROM groups WHERE status = 'ACTIVE'")) {
            rs.next();
            active = rs.getLong(1);
        }
        List<Double> times = new ArrayList<>();
        List<Double> copyTimes = new ArrayList<>();
        // The imports left garbage behind: collect it so "before" is the live heap, not SerialGC's backlog.
        new ProcessBuilder("jcmd", Long.toString(pid), "GC.run").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        long heapBefore = heapUsed(base);
        long rssBefore = rss(pid);
        long heapMax = 0;
        long rssMax = 0;
        for (int r = -1; r < runs; r++) {
            AtomicBoolean streaming = new AtomicBoolean(true);
            AtomicLong maxHeap = new AtomicLong();
            AtomicLong maxRss = new AtomicLong();
            Thread sampler = new Thread(() -> {
                while (streaming.get()) {
                    try {
                        maxRss.accumulateAndGet(rss(pid), Math::max);
                        maxHeap.accumulateAndGet(heapUsed(base), Math::max);
                        Thread.sleep(100);
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            sampler.start();
            long t0 = System.nanoTime();
            HttpResponse<InputStream> answer = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/audience"))
                    .header("Authorization", "Bearer " + TOKEN).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            long lines = 0;
            long bytes = 0;
            byte[] buf = new byte[1 << 16];
            try (InputStream in = answer.body()) {
                for (int n; (n = in.read(buf)) > 0; ) {
                    bytes += n;
                    for (int i = 0; i < n; i++) {
                        if (buf[i] == '\n') {
                            lines++;
                        }
                    }
                }
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            streaming.set(false);
            sampler.join();
            if (answer.statusCode() != 200 || lines != active) {
                throw new IllegalStateException("audience answered " + answer.statusCode() + " with " + lines + " lines, "
                        + active + " active");
            }
            double copy = copyOut(db);
            if (r < 0) {
                System.out.printf("audience warm-up (JIT, not counted): %.2f s%n", secs);
                continue;
            }
            heapMax = Math.max(heapMax, maxHeap.get());
            rssMax = Math.max(rssMax, maxRss.get());
            times.add(secs);
            copyTimes.add(copy);
            System.out.printf("audience round %d: %,d lines (%.1f MB) in %.2f s = %,.0f lines/s; heap max %d MB, RSS max %d MB; "
                    + "baseline COPY (same rows and columns) TO STDOUT %.2f s%n", r + 1, lines, bytes / 1e6, secs, lines / secs,
                    maxHeap.get() >> 20, maxRss.get() >> 20, copy);
        }
        System.out.printf("AUDIENCE median %.2f s for %,d targets (target <= 3 s); baseline COPY TO STDOUT median %.2f s; "
                + "registry heap before %d MB, max while streaming %d MB (-Xmx256m); RSS before %d MB, max %d MB%n",
                median(times), active, median(copyTimes), heapBefore >> 20, heapMax >> 20, rssBefore >> 20, rssMax >> 20);
    }

    static double copyOut(Connection db) throws Exception {
        long t0 = System.nanoTime();
        CopyManager copy = db.unwrap(PGConnection.class).getCopyAPI();
        copy.copyOut("COPY (SELECT id, kind, title, tags, corp_id, crypto_key_id, webhook_ciphertext, secret_ciphertext, app, "
                + "robot_code, cool_app_code, open_conversation_id FROM groups WHERE status = 'ACTIVE' ORDER BY id) TO STDOUT",
                java.io.OutputStream.nullOutputStream());
        return (System.nanoTime() - t0) / 1e9;
    }

    // ---------------------------------------------------------------- robot events

    static void eventRounds(String base, Connection db, String bootstrap, int runs, int events) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        List<Double> rates = new ArrayList<>();
        List<Double> readRates = new ArrayList<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            for (int r = 0; r < runs; r++) {
                long before = processed(db);
                Instant t = Instant.parse("2026-12-01T08:00:00Z").plusSeconds(r * 1000L);
                long t0 = System.nanoTime();
                for (int i = 0; i < events; i++) {
                    // Half the events create groups (robot seen / cool app installed), half rename them.
                    int group = i / 2;
                    RobotEventKind kind = i % 2 == 0 ? (group % 3 == 0 ? RobotEventKind.COOL_APP_INSTALLED : RobotEventKind.ROBOT_SEEN)
                            : RobotEventKind.GROUP_RENAMED;
                    RobotEvent e = new RobotEvent(EventId.of("bench-" + r + "-" + i), kind, AppName.of("demo"),
                            CorpId.of("corp" + group % 50), ConversationId.of("cid-" + r + "-" + group), RobotCode.of("robot"),
                            kind == RobotEventKind.COOL_APP_INSTALLED ? "COOL" : null, "群 " + i, null, t.plusMillis(i));
                    producer.send(new ProducerRecord<>(Topics.ROBOT_EVENTS, e.key(), EventJson.write(e)));
                }
                producer.flush();
                while (processed(db) - before < events) {
                    Thread.sleep(20);
                }
                double secs = (System.nanoTime() - t0) / 1e9;
                rates.add(events / secs);
                double read = readAll(bootstrap, events * (r + 1L));
                readRates.add(events * (r + 1L) / read);
                System.out.printf("events round %d: %,d robot events applied in %.2f s = %,.0f events/s (from the first send to "
                        + "the last applied); baseline plain KafkaConsumer reading all %,d records %.2f s = %,.0f records/s%n",
                        r + 1, events, secs, events / secs, events * (r + 1L), read, events * (r + 1L) / read);
            }
        }
        System.out.printf("EVENTS median %,.0f events/s (target >= 5,000); baseline consumer median %,.0f records/s%n",
                median(rates), median(readRates));
    }

    static long processed(Connection db) throws Exception {
        try (ResultSet rs = db.createStatement().executeQuery(
                "SELECT count(*) FROM processed_events WHERE source_topic = 'dingtalk.robot-events'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static double readAll(String bootstrap, long expected) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-baseline-" + System.nanoTime());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1000");
        long t0 = System.nanoTime();
        long n = 0;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.ROBOT_EVENTS));
            while (n < expected) {
                for (var rec : consumer.poll(Duration.ofMillis(200))) {
                    EventJson.read(rec.value(), RobotEvent.class);
                    n++;
                }
            }
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    // ---------------------------------------------------------------- helpers

    static long heapUsed(String base) throws Exception {
        String text = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/q/metrics")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return (long) text.lines().filter(l -> l.startsWith("jvm_memory_used_bytes{area=\"heap\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    static long rss(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        return 0;
    }

    static void awaitReady(String base, Process registry, Path log) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (!registry.isAlive()) {
                throw new IllegalStateException("registry exited: " + Files.readString(log));
            }
            try {
                if (HTTP.send(HttpRequest.newBuilder(URI.create(base + "/q/health/ready")).GET().build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("registry not ready in 90 s: " + Files.readString(log));
    }

    static int freePort() throws Exception {
        return io.dingrelay.infra.Ports.free();
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
