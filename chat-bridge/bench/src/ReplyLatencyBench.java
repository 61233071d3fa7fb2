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
 * <pre>java -cp … ReplyLatencyBench SIMULATOR_URL CHAT_BRIDGE_URL ADMIN_TOKEN [rate=200] [seconds=60] [groups=1000] [warmupSeconds=10]</pre>
 */
public final class ReplyLatencyBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    record Sent(String groupId, long createdAt, long gatewayMillis, boolean measured) {
    }

    public static void main(String[] args) throws Exception {
        String sim = args[0];
        String chat = args[1];
        String admin = args[2];
        int rate = args.length > 3 ? Integer.parseInt(args[3]) : 200;
        int seconds = args.length > 4 ? Integer.parseInt(args[4]) : 60;
        int groupCount = args.length > 5 ? Integer.parseInt(args[5]) : 1000;
        int warmup = args.length > 6 ? Integer.parseInt(args[6]) : 10;

        importFaq(chat, admin);
        List<String> groups = new ArrayList<>();
        for (int i = 0; i < groupCount; i++) {
            groups.add(post(sim + "/sim/groups", "{\"name\":\"bench-" + i + "\",\"security\":\"none\"}").get("id").asText());
        }
        List<String> questions = BenchPairs.userQuestions(10_000, 7);
        int total = rate * (warmup + seconds);
        System.out.printf("rate %d/s for %d s (+%d s warm-up), %d groups, FAQ 10,000 pairs%n", rate, seconds, warmup, groupCount);

        Queue sent = new Queue();
        List<CompletableFuture<Void>> inFlight = Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        long interval = 1_000_000_000L / rate;
        for (int i = 0; i < total; i++) {
            long due = start + i * interval;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait); // pacing the open loop, not waiting for a result
            }
            String group = groups.get(i % groups.size());
            boolean measured = i >= rate * warmup;
            ObjectNode body = JSON.createObjectNode().put("app", "demo").put("groupId", group)
                    .put("text", questions.get(i % questions.size())).put("senderStaffId", "u" + (i % 97)).put("senderNick", "压测");
            inFlight.add(HTTP.sendAsync(HttpRequest.newBuilder(URI.create(sim + "/sim/callbacks/robot-messages"))
                            .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                            .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                    HttpResponse.BodyHandlers.ofString()).thenAccept(r -> {
                        try {
                            JsonNode a = JSON.readTree(r.body());
                            sent.add(group, new Sent(group, a.at("/sent/body/createAt").asLong(), a.path("latencyMs").asLong(),
                                    measured), a.path("gatewayStatus").asInt());
                        } catch (Exception e) {
                            sent.failed();
                        }
                    }).exceptionally(e -> {
                        sent.failed();
                        return null;
                    }));
        }
        double offered = total / ((System.nanoTime() - start) / 1e9);
        CompletableFuture.allOf(inFlight.toArray(new CompletableFuture[0])).get();
        System.out.printf("sent %d callbacks at %.1f/s; gateway refused %d, failed %d%n", total, offered, sent.refused, sent.failures);

        // Drain: every group has as many session replies as accepted callbacks (or 60 s passed).
        Map<String, List<Long>> replies = new ConcurrentHashMap<>();
        long drainUntil = System.nanoTime() + 60_000_000_000L;
        for (String g : groups) {
            int expected = sent.of(g).size();
            List<Long> got;
            do {
                got = replies(sim, g);
                if (got.size() >= expected || System.nanoTime() > drainUntil) {
                    break;
                }
                LockSupport.parkNanos(200_000_000L); // polling the simulator until the replies are in
            } while (true);
            replies.put(g, got);
        }

        List<Long> latencies = new ArrayList<>();
        List<Long> gateway = new ArrayList<>();
        long lost = 0;
        for (String g : groups) {
            List<Sent> mine = new ArrayList<>(sent.of(g));
            mine.sort((a, b) -> Long.compare(a.createdAt(), b.createdAt()));
            List<Long> got = replies.get(g);
            for (int k = 0; k < mine.size(); k++) {
                if (!mine.get(k).measured()) {
                    continue;
                }
                gateway.add(mine.get(k).gatewayMillis());
                if (k < got.size()) {
                    latencies.add(got.get(k) - mine.get(k).createdAt());
                } else {
                    lost++;
                }
            }
        }
        System.out.printf("measured %d replies, %d missing%n", latencies.size(), lost);
        System.out.printf("callback -> reply ms  %s%n", percentiles(latencies));
        System.out.printf("baseline: gateway answer ms  %s%n", percentiles(gateway));
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

    /** The receivedAt (epoch ms) of the group's session replies, oldest first. */
    private static List<Long> replies(String sim, String group) throws Exception {
        JsonNode page = get(sim + "/sim/groups/" + group + "/messages");
        List<Long> out = new ArrayList<>();
        for (JsonNode m : page.path("messages")) {
            if ("session".equals(m.path("channel").asText())) {
                out.add(m.path("receivedAt").asLong());
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

    /** What was sent, per group. */
    static final class Queue {
        private final Map<String, ConcurrentLinkedQueue<Sent>> byGroup = new ConcurrentHashMap<>();
        volatile long refused;
        volatile long failures;

        void add(String group, Sent s, int gatewayStatus) {
            if (gatewayStatus != 200) {
                synchronized (this) {
                    refused++;
                }
                return;
            }
            byGroup.computeIfAbsent(group, g -> new ConcurrentLinkedQueue<>()).add(s);
        }

        synchronized void failed() {
            failures++;
        }

        List<Sent> of(String group) {
            return new ArrayList<>(byGroup.getOrDefault(group, new ConcurrentLinkedQueue<>()));
        }
    }
}
