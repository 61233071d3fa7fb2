import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * Callback → reply latency through the whole path: the simulator signs an @robot message and posts it to the
 * gateway (its {@code createAt} is the start), the gateway verifies it and publishes it to Kafka, chat-bridge
 * answers it from the FAQ (10,000 pairs) and replies through the sessionWebhook, and the simulator records the reply
 * (its {@code receivedAt} is the end). Both instants come from the simulator's clock.
 *
 * <p>Open loop: request i is sent at start + i/rate whatever the answers do, so a stall shows in the percentiles.
 * Messages go to {@code groups} groups in turn (so over the topic's partitions); one group's replies arrive in the
 * order of its messages (one partition, answered in order), which is how a reply is matched to its message.
 * The simulator keeps the last {@code simulator.history.per-group} messages of a group (20 by default): the
 * script raises it, and the default 1,000 groups keep each group's count low anyway.
 * Baseline in the same run: the gateway's answer time to the simulator's callback (its share of the path).
 *
 * <p>Warm-up first, at the same rate, until chat-bridge has finished it; then the measured seconds, whose CPU (per
 * process, from /proc) is counted from the first measured callback until chat-bridge has finished the last one.
 *
 * <pre>java -cp … ReplyLatencyBench SIMULATOR_URL CHAT_BRIDGE_URL ADMIN_TOKEN [rate=200] [seconds=60] [groups=1000] [warmupSeconds=120]</pre>
 */
public final class ReplyLatencyBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * HTTP/1.1 only: the JDK client's default for http:// is an h2c upgrade on each new connection, which the
     * simulator's Vert.x server answered with EOFs under load (the 06:32 run lost 5,072 callbacks that way).
     */
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    /**
     * At most this many callbacks in flight: beyond it the driver, not the system under test, is the bottleneck,
     * and such a callback is counted as "driver saturated" instead of being sent late.
     */
    private static final int MAX_IN_FLIGHT = 512;

    /** One accepted callback: its sender's staff id is unique, and the reply @-mentions it, so replies match exactly. */
    record Sent(String staffId, long createdAt, long gatewayMillis, boolean measured) {
    }

    public static void main(String[] args) throws Exception {
        String sim = args[0];
        String chat = args[1];
        String admin = args[2];
        int rate = args.length > 3 ? Integer.parseInt(args[3]) : 200;
        int seconds = args.length > 4 ? Integer.parseInt(args[4]) : 60;
        int groupCount = args.length > 5 ? Integer.parseInt(args[5]) : 1000;
        int warmup = args.length > 6 ? Integer.parseInt(args[6]) : 120;

        importFaq(chat, admin);
        List<String> groups = new ArrayList<>();
        for (int i = 0; i < groupCount; i++) {
            groups.add(post(sim + "/sim/groups", "{\"name\":\"bench-" + i + "\",\"security\":\"none\"}").get("id").asText());
        }
        List<String> questions = BenchPairs.userQuestions(10_000, 7);
        System.out.printf("rate %d/s for %d s after a %d s warm-up at the same rate, %d groups, FAQ 10,000 pairs%n", rate,
                seconds, warmup, groupCount);
        Driver driver = new Driver(sim, groups, questions, rate);

        // Warm-up at the measured rate: the four JVMs' JIT compilation and the first connections happen here, and the
        // measured minute starts only once chat-bridge has finished every warm-up message (no backlog carried over).
        long warmStart = System.nanoTime();
        Queue warm = driver.send(0, rate * warmup, false);
        long warmAnswered = awaitFinished(chat, warm.accepted(), 120);
        System.out.printf("warm-up: offered %d, accepted %d, finished by chat-bridge %d, %.1f s%n", rate * warmup,
                warm.accepted(), warmAnswered, (System.nanoTime() - warmStart) / 1e9);

        // Measured: CPU of each process from the first measured callback until chat-bridge has finished the last one.
        System.out.println("measured seconds start");
        startFlightRecording(seconds);
        CpuMeter cpu = CpuMeter.fromSystemProperties();
        Map<String, Double> cpuBefore = cpu.coreSeconds();
        Map<String, Double> jitBefore = cpu.jitSeconds();
        Map<String, Map<String, Double>> threadsBefore = cpu.threadSeconds();
        long start = System.nanoTime();
        Queue sent = driver.send(rate * warmup, rate * seconds, true);
        long loadEnded = System.nanoTime();
        long finished = awaitFinished(chat, warmAnswered + sent.accepted(), 60) - warmAnswered;
        long drained = System.nanoTime();
        Map<String, Double> cpuAfter = cpu.coreSeconds();
        Map<String, Double> jitAfter = cpu.jitSeconds();
        Map<String, Map<String, Double>> threadsAfter = cpu.threadSeconds();
        System.out.printf("offered %d callbacks at %.1f/s; gateway accepted %d, refused %d, failed %d, driver saturated %d%n",
                rate * seconds, rate * seconds / ((loadEnded - start) / 1e9), sent.accepted(), sent.refused, sent.failures,
                sent.saturated);
        sent.failureReasons.forEach((reason, n) -> System.out.printf("  failed %d× %s%n", n, reason));

        // Replies, read from the simulator after the CPU window (this polling is not the system's cost).
        List<Long> latencies = new ArrayList<>();
        List<Long> gateway = new ArrayList<>();
        long lost = 0;
        long drainUntil = System.nanoTime() + 30_000_000_000L;
        for (String g : groups) {
            List<Sent> mine = sent.of(g);
            Map<String, Long> got;
            do {
                Map<String, Long> page = replies(sim, g);
                got = page;
                if (mine.stream().allMatch(s -> page.containsKey(s.staffId())) || System.nanoTime() > drainUntil) {
                    break;
                }
                LockSupport.parkNanos(200_000_000L); // polling the simulator until the replies are in
            } while (true);
            for (Sent s : mine) {
                gateway.add(s.gatewayMillis());
                Long receivedAt = got.get(s.staffId());
                if (receivedAt != null) {
                    latencies.add(receivedAt - s.createdAt());
                } else {
                    lost++;
                }
            }
        }
        System.out.printf("answered %d of %d accepted (%d offered), %d missing; chat-bridge finished %d%n", latencies.size(),
                sent.accepted(), rate * seconds, lost, finished);
        System.out.printf("callback -> reply ms  %s%n", percentiles(latencies));
        System.out.printf("baseline: gateway answer ms  %s%n", percentiles(gateway));
        System.out.printf("CPU window %.1f s (load %.1f s + until chat-bridge finished %.1f s) on %d cores%n",
                (drained - start) / 1e9, (loadEnded - start) / 1e9, (drained - loadEnded) / 1e9,
                Runtime.getRuntime().availableProcessors());
        long accepted = Math.max(1, sent.accepted());
        StringBuilder perMessage = new StringBuilder();
        StringBuilder fields = new StringBuilder();
        double cpuTotal = 0;
        for (String process : cpuAfter.keySet()) {
            double used = cpuAfter.get(process) - cpuBefore.getOrDefault(process, 0.0);
            cpuTotal += "driver".equals(process) ? 0 : used;
            perMessage.append(String.format("  %s %.2f (%.1f s)", process, used * 1e3 / accepted, used));
            fields.append(String.format(" cpu_ms.%s=%.3f", process, used * 1e3 / accepted));
        }
        System.out.printf("CPU core-ms per accepted message (%d):%s  all (without the driver) %.2f%n", accepted, perMessage, cpuTotal * 1e3 / accepted);
        StringBuilder jit = new StringBuilder();
        double jitTotal = 0;
        for (String process : jitAfter.keySet()) {
            double used = jitAfter.get(process) - jitBefore.getOrDefault(process, 0.0);
            jitTotal += used;
            jit.append(String.format("  %s %.2f", process, used * 1e3 / accepted));
        }
        System.out.printf("  of which JIT compiler threads:%s  all %.2f%n", jit, jitTotal * 1e3 / accepted);
        fields.append(String.format(" jit_ms.all=%.3f", jitTotal * 1e3 / accepted));
        threadsAfter.forEach((process, kinds) -> {
            Map<String, Double> before = threadsBefore.getOrDefault(process, Map.of());
            StringBuilder top = new StringBuilder();
            kinds.entrySet().stream()
                    .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0.0)))
                    .filter(e -> e.getValue() > 0)
                    .sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(6)
                    .forEach(e -> top.append(String.format("  %s %.2f", e.getKey(), e.getValue() * 1e3 / accepted)));
            System.out.printf("  %s by thread (core-ms/msg):%s%n", process, top);
        });
        System.out.printf("RESULT p50=%d p99=%d max=%d gateway_p50=%d gateway_p99=%d answered=%d accepted=%d offered=%d"
                        + " refused=%d failed=%d missing=%d%s cpu_ms.all=%.3f%n",
                pct(latencies, 0.50), pct(latencies, 0.99), pct(latencies, 1.0), pct(gateway, 0.50), pct(gateway, 0.99),
                latencies.size(), sent.accepted(), rate * seconds, sent.refused, sent.failures, lost, fields,
                cpuTotal * 1e3 / accepted);
    }

    /** Sends callbacks open loop at a fixed rate: callback i at start + i/rate, whatever the answers do. */
    static final class Driver {
        private final String sim;
        private final List<String> groups;
        private final List<String> questions;
        private final int rate;

        Driver(String sim, List<String> groups, List<String> questions, int rate) {
            this.sim = sim;
            this.groups = groups;
            this.questions = questions;
            this.rate = rate;
        }

        /** Sends callbacks {@code first … first+count-1} and returns once every one has been answered by the simulator. */
        Queue send(int first, int count, boolean measured) throws Exception {
            Queue sent = new Queue();
            java.util.concurrent.Semaphore slots = new java.util.concurrent.Semaphore(MAX_IN_FLIGHT);
            List<CompletableFuture<Void>> inFlight = new ArrayList<>();
            long start = System.nanoTime();
            long interval = 1_000_000_000L / rate;
            for (int n = 0; n < count; n++) {
                int i = first + n;
                long due = start + n * interval;
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait); // pacing the open loop, not waiting for a result
                }
                String group = groups.get(i % groups.size());
                if (!slots.tryAcquire()) {
                    sent.saturated++;
                    continue;
                }
                String staffId = "u" + i;
                ObjectNode body = JSON.createObjectNode().put("app", "demo").put("groupId", group)
                        .put("text", questions.get(i % questions.size())).put("senderStaffId", staffId).put("senderNick", "压测");
                inFlight.add(HTTP.sendAsync(HttpRequest.newBuilder(URI.create(sim + "/sim/callbacks/robot-messages"))
                                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                        HttpResponse.BodyHandlers.ofString()).thenAccept(r -> {
                            try {
                                JsonNode a = JSON.readTree(r.body());
                                sent.add(group, new Sent(staffId, a.at("/sent/body/createAt").asLong(),
                                        a.path("latencyMs").asLong(), measured), a.path("gatewayStatus").asInt());
                            } catch (Exception e) {
                                sent.failed("HTTP " + r.statusCode() + " " + r.body().substring(0, Math.min(80, r.body().length())));
                            }
                        }).exceptionally(e -> {
                            sent.failed(e.getCause() != null ? e.getCause().toString() : e.toString());
                            return null;
                        }).whenComplete((ok, e) -> slots.release()));
            }
            CompletableFuture.allOf(inFlight.toArray(new CompletableFuture[0])).get();
            return sent;
        }
    }

    /**
     * Waits until chat-bridge has finished (replied, found unanswerable, failed or skipped as a duplicate) at least
     * {@code expected} messages since it started, from its {@code dingrelay_chat_messages_total} counter, polled
     * every 500 ms (a Prometheus scrape costs chat-bridge CPU too; not the simulator's group histories, which cost the
     * simulator more); returns the count reached.
     */
    private static long awaitFinished(String chat, long expected, int timeoutSeconds) throws Exception {
        long until = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
        long finished;
        while ((finished = finishedByChatBridge(chat)) < expected && System.nanoTime() < until) {
            LockSupport.parkNanos(500_000_000L); // polling chat-bridge's counter
        }
        return finished;
    }

    private static long finishedByChatBridge(String chat) throws Exception {
        String metrics = HTTP.send(HttpRequest.newBuilder(URI.create(chat + "/q/metrics")).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        double sum = 0;
        for (String line : metrics.split("\n")) {
            if (line.startsWith("dingrelay_chat_messages_total{") && !line.contains("result=\"received\"")
                    && !line.contains("result=\"malformed\"")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return (long) sum;
    }

    /**
     * With {@code -Dbench.jfr=FILE}: Flight Recorder on chat-bridge ({@code -Dbench.jfr-pid}) for the measured
     * seconds, started when the load starts (not during the FAQ import).
     */
    private static void startFlightRecording(int seconds) throws Exception {
        String file = System.getProperty("bench.jfr", "");
        String pid = System.getProperty("bench.jfr-pid", "");
        if (file.isBlank() || pid.isBlank()) {
            return;
        }
        Process jcmd = new ProcessBuilder("jcmd", pid, "JFR.start", "name=bench", "settings=profile",
                "duration=" + seconds + "s", "filename=" + file).redirectErrorStream(true).start();
        System.out.println("JFR: " + new String(jcmd.getInputStream().readAllBytes()).strip().replace('\n', ' '));
        jcmd.waitFor();
    }

    private static long pct(List<Long> values, double p) {
        if (values.isEmpty()) {
            return -1;
        }
        long[] v = values.stream().mapToLong(Long::longValue).sorted().toArray();
        return v[Math.min(v.length - 1, (int) (v.length * p))];
    }

    private static String percentiles(List<Long> values) {
        if (values.isEmpty()) {
            return "none";
        }
        long[] v = values.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(v);
        return String.format("p50 %d  p90 %d  p99 %d  p99.9 %d  max %d", v[(int) (v.length * 0.50)],
                v[(int) (v.length * 0.90)], v[Math.min(v.length - 1, (int) (v.length * 0.99))],
                v[Math.min(v.length - 1, (int) (v.length * 0.999))], v[v.length - 1]);
    }

    /** The receivedAt (epoch ms) of the group's session replies by the staff id each @-mentions. */
    private static Map<String, Long> replies(String sim, String group) throws Exception {
        JsonNode page = get(sim + "/sim/groups/" + group + "/messages");
        Map<String, Long> out = new java.util.HashMap<>();
        for (JsonNode m : page.path("messages")) {
            if ("session".equals(m.path("channel").asText())) {
                for (JsonNode at : m.at("/message/at/atUserIds")) {
                    out.putIfAbsent(at.asText(), m.path("receivedAt").asLong());
                }
            }
        }
        return out;
    }

    private static void importFaq(String chat, String admin) throws Exception {
        StringBuilder ndjson = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            ndjson.append(JSON.createObjectNode().put("question", BenchPairs.question(i)).put("answer", BenchPairs.answer(i)))
                    .append('\n');
        }
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(chat + "/api/faq/import?mode=replace"))
                .header("Content-Type", "application/x-ndjson").header("Authorization", "Bearer " + admin)
                .timeout(Duration.ofMinutes(2)).POST(HttpRequest.BodyPublishers.ofString(ndjson.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("FAQ import: " + r.statusCode() + " " + r.body());
        }
        System.out.println("FAQ import: " + r.body());
    }

    private static JsonNode post(String url, String json) throws Exception {
        return JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    private static JsonNode get(String url) throws Exception {
        return JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    /**
     * CPU time (user + system, from /proc through ProcessHandle) of the processes on the path, named by
     * {@code -Dbench.pids=chat-bridge:123,callback-gateway:456,…}, plus every PostgreSQL process whose command line
     * names {@code -Dbench.postgres-data} (the stack's data folder). On a shared machine wall time depends on the
     * others' load; core-seconds per message do not (much).
     */
    static final class CpuMeter {
        private final Map<String, Long> pids = new java.util.LinkedHashMap<>();
        private final String postgresData;

        CpuMeter(String pidList, String postgresData) {
            for (String entry : pidList.split(",")) {
                String[] nameAndPid = entry.split(":");
                if (nameAndPid.length == 2 && !nameAndPid[1].isBlank()) {
                    pids.put(nameAndPid[0], Long.parseLong(nameAndPid[1].trim()));
                }
            }
            this.postgresData = postgresData;
        }

        static CpuMeter fromSystemProperties() {
            return new CpuMeter(System.getProperty("bench.pids", ""), System.getProperty("bench.postgres-data", ""));
        }

        Map<String, Double> coreSeconds() {
            Map<String, Double> out = new java.util.LinkedHashMap<>();
            pids.forEach((name, pid) -> out.put(name, ProcessHandle.of(pid).map(CpuMeter::seconds).orElse(0.0)));
            out.put("driver", seconds(ProcessHandle.current())); // this program: on the same cores, not part of the path
            if (!postgresData.isBlank()) {
                // The postmaster (its command line names the data folder) and its backends (its children). Only
                // processes whose executable is postgres: this JVM's own command line names the folder too, and
                // counting it was what made PostgreSQL look like 160 core-seconds in 80 s.
                out.put("postgresql", ProcessHandle.allProcesses()
                        .filter(CpuMeter::isPostgres)
                        .filter(p -> p.info().commandLine().map(c -> c.contains(postgresData)).orElse(false)
                                || p.parent().filter(CpuMeter::isPostgres).flatMap(pp -> pp.info().commandLine())
                                        .map(c -> c.contains(postgresData)).orElse(false))
                        .mapToDouble(CpuMeter::seconds).sum());
            }
            return out;
        }

        /**
         * CPU seconds per process and thread kind (the thread's name without its numbers, from /proc/PID/task/TID/stat):
         * where each process's core-ms go (event loops, Kafka clients, JIT, GC) without a profiler attached.
         */
        Map<String, Map<String, Double>> threadSeconds() {
            Map<String, Map<String, Double>> out = new java.util.LinkedHashMap<>();
            pids.forEach((name, pid) -> {
                Map<String, Double> kinds = new java.util.TreeMap<>();
                java.io.File[] tasks = new java.io.File("/proc/" + pid + "/task").listFiles();
                for (java.io.File task : tasks == null ? new java.io.File[0] : tasks) {
                    try {
                        String stat = java.nio.file.Files.readString(task.toPath().resolve("stat"));
                        String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]+", "N");
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        kinds.merge(comm, (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0, Double::sum);
                    } catch (java.io.IOException | RuntimeException e) {
                        // the thread ended meanwhile
                    }
                }
                out.put(name, kinds);
            });
            return out;
        }

        /**
         * CPU of each JVM's JIT compiler threads (C1/C2, from /proc/PID/task/TID/stat), the part of a process's CPU
         * that is warm-up, not per-message work. The script runs the JVMs with
         * {@code -XX:-UseDynamicNumberOfCompilerThreads}, so a compiler thread does not exit and take its time along.
         */
        Map<String, Double> jitSeconds() {
            Map<String, Double> out = new java.util.LinkedHashMap<>();
            pids.forEach((name, pid) -> {
                double ticks = 0;
                java.io.File[] tasks = new java.io.File("/proc/" + pid + "/task").listFiles();
                for (java.io.File task : tasks == null ? new java.io.File[0] : tasks) {
                    try {
                        String stat = java.nio.file.Files.readString(task.toPath().resolve("stat"));
                        String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                        if (comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler")) {
                            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                            ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14, 15)
                        }
                    } catch (java.io.IOException | RuntimeException e) {
                        // the thread ended meanwhile
                    }
                }
                out.put(name, ticks / 100.0); // USER_HZ
            });
            return out;
        }

        private static boolean isPostgres(ProcessHandle p) {
            return p.info().command().map(c -> c.endsWith("/postgres")).orElse(false);
        }

        private static double seconds(ProcessHandle p) {
            return p.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(0.0);
        }
    }

    /** What was sent, per group. */
    static final class Queue {
        private final Map<String, ConcurrentLinkedQueue<Sent>> byGroup = new ConcurrentHashMap<>();
        volatile long refused;
        volatile long failures;
        /** Callbacks not sent because {@link #MAX_IN_FLIGHT} were in flight (only the pacing thread writes it). */
        volatile long saturated;

        void add(String group, Sent s, int gatewayStatus) {
            if (gatewayStatus != 200) {
                synchronized (this) {
                    refused++;
                }
                return;
            }
            byGroup.computeIfAbsent(group, g -> new ConcurrentLinkedQueue<>()).add(s);
        }

        final Map<String, Integer> failureReasons = new ConcurrentHashMap<>();

        synchronized void failed(String reason) {
            failures++;
            if (failureReasons.size() < 5 || failureReasons.containsKey(reason)) {
                failureReasons.merge(reason, 1, Integer::sum);
            }
        }

        long accepted() {
            return byGroup.values().stream().mapToLong(ConcurrentLinkedQueue::size).sum();
        }

        List<Sent> of(String group) {
            return new ArrayList<>(byGroup.getOrDefault(group, new ConcurrentLinkedQueue<>()));
        }
    }
}
