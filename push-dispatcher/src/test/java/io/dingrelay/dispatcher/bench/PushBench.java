package io.dingrelay.dispatcher.bench;

import io.dingrelay.dispatcher.support.AudienceServer;
import io.dingrelay.dispatcher.support.DispatcherProcess;
import io.dingrelay.dispatcher.support.DeliveryWorld;
import io.dingrelay.events.ids.GroupId;
import io.dingrelay.events.registry.AudienceEntry;
import io.dingrelay.events.registry.GroupKind;
import io.dingrelay.keyring.Sealed;
import io.dingrelay.infra.KafkaBroker;
import io.dingrelay.infra.PostgresServer;
import io.smallrye.mutiny.Multi;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.WebClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The push path's benchmark (see bench/README in the module README): against the packaged simulator with its limits
 * off, the packaged dispatcher as a child process, Kafka and PostgreSQL from testkit in this JVM.
 *
 * <ol>
 *   <li>Planning: a dispatcher with its senders off plans a run over {@code PLAN_GROUPS} (300,000) audience entries;
 *       planning time = the run's plannedAt − startedAt.</li>
 *   <li>Delivery: {@code GROUPS} (100,000) webhook groups; rounds alternate the raw baseline (Vert.x Web Client
 *       posting the same rendered bodies to the same simulator webhooks, {@code RAW_IN_FLIGHT} in flight) and a
 *       dispatcher run (POST /runs → FINISHED); end-to-end rate = delivered / (last delivered_at − startedAt).</li>
 * </ol>
 * Prints every round and the medians.
 */
public final class PushBench {

    static final int GROUPS = Integer.getInteger("bench.groups", 100_000);
    static final int PLAN_GROUPS = Integer.getInteger("bench.plan-groups", 300_000);
    static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
    static final int PLAN_ROUNDS = Integer.getInteger("bench.plan-rounds", ROUNDS);
    static final int RAW_IN_FLIGHT = Integer.getInteger("bench.raw-in-flight", 192);
    static final String DISPATCHER_JAR = System.getProperty("bench.dispatcher.jar", "target/quarkus-app/quarkus-run.jar");
    /** {@code -Dbench.jfr=true}: each dispatcher process records a JFR profile into the work dir. */
    static final boolean JFR = Boolean.getBoolean("bench.jfr");
    /**
     * The planning rounds publish to a topic of their own, which no sender reads: their batches (900,000 targets of a
     * database the delivery phase does not use) must not become the delivery phase's backlog.
     */
    static final String PLAN_TOPIC = "bench.plan.batches";

    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory("push-bench");
        log("work dir " + work);
        try (KafkaBroker kafka = KafkaBroker.start(KafkaBroker.Options.defaults());
                PostgresServer pg = PostgresServer.start(PostgresServer.Options.defaults())) {
            java.util.Map<String, Integer> topics = new java.util.LinkedHashMap<>(io.dingrelay.events.Topics.all());
            topics.put(PLAN_TOPIC, 12);
            kafka.createTopics(topics);
            DeliveryWorld.startSimulator("768m", false, Map.of("simulator.limits.robot-enabled", "false",
                    "simulator.limits.ip-enabled", "false", "simulator.limits.app-qps-enabled", "false",
                    "simulator.history.per-group", "2", "simulator.history.total", "20000"));
            DeliveryWorld.audience = new AudienceServer().start();
            try {
                CpuMeter cpu = new CpuMeter(pg.dataDirectory());
                log("load average at start: " + loadAverage());
                planning(kafka, pg, work, cpu);
                delivery(kafka, pg, work, cpu);
                log("load average at end: " + loadAverage());
            } finally {
                DeliveryWorld.simulator.close();
                DeliveryWorld.audience.close();
            }
        }
    }

    // ---- planning ------------------------------------------------------------------------------------------------

    static void planning(KafkaBroker kafka, PostgresServer pg, Path work, CpuMeter cpu) throws Exception {
        pg.createDatabase("bench_plan");
        Sealed url = DeliveryWorld.RING.encrypt("http://127.0.0.1:9/robot/send?access_token=never-sent");
        DeliveryWorld.audience.clear();
        for (int i = 0; i < PLAN_GROUPS; i++) {
            DeliveryWorld.audience.put(new AudienceEntry(GroupId.of(String.format("plan-%07d", i)), GroupKind.CUSTOM_WEBHOOK,
                    "规划群 " + i, List.of("plan"), null, new AudienceEntry.Webhook(url.keyId(), url.ciphertext(), null), null));
        }
        List<Double> seconds = new ArrayList<>();
        List<Double> cores = new ArrayList<>();
        try (DispatcherProcess d = DispatcherProcess.start(DISPATCHER_JAR, kafka.bootstrapServers(), pg, "bench_plan", work, "plan",
                options(work, "plan", "-Ddingrelay.push.limits.robot-per-minute=1000", "-Dmp.messaging.incoming.batches-in.enabled=false",
                        "-Dmp.messaging.incoming.retry-30s.enabled=false", "-Dmp.messaging.incoming.retry-5m.enabled=false",
                        "-Dmp.messaging.incoming.retry-15m.enabled=false", "-Dmp.messaging.incoming.retry-1h.enabled=false",
                        "-Dmp.messaging.incoming.retry-4h.enabled=false", "-Dmp.messaging.outgoing.batches-out.topic=" + PLAN_TOPIC))) {
            String campaign = d.createCampaign(campaignJson("plan"));
            for (int r = 1; r <= PLAN_ROUNDS; r++) {
                double cpu0 = cpu.coreSeconds();
                var roles0 = cpu.byRole();
                String run = d.startRun(campaign);
                JsonObject p = awaitStatus(d, run, "SENDING", Duration.ofMinutes(5));
                double used = cpu.coreSeconds() - cpu0;
                String roles = CpuMeter.delta(roles0, cpu.byRole());
                double s = Duration.between(Instant.parse(p.getString("startedAt")), Instant.parse(p.getString("plannedAt"))).toMillis() / 1000.0;
                seconds.add(s);
                cores.add(used);
                log(String.format("planning round %d: %,d targets planned in %.2f s (%,.0f targets/s); %.1f core-s used by all processes "
                        + "(on 2 idle cores at least %.1f s; %s); load %s", r, p.getLong("total"), s, p.getLong("total") / s, used, used / 2,
                        roles, loadAverage()));
            }
        }
        log(String.format("PLANNING %,d targets: median %.2f s wall, %.1f core-s (rounds %s, core-s %s)", PLAN_GROUPS, median(seconds),
                median(cores), seconds, rounded(cores)));
        DeliveryWorld.audience.clear();
    }

    // ---- delivery ------------------------------------------------------------------------------------------------

    static void delivery(KafkaBroker kafka, PostgresServer pg, Path work, CpuMeter cpu) throws Exception {
        pg.createDatabase("bench_send");
        List<String> webhooks = new ArrayList<>(GROUPS);
        for (int made = 0; made < GROUPS; made += 10_000) {
            int n = Math.min(10_000, GROUPS - made);
            JsonArray list = new JsonObject(DeliveryWorld.sim.post("/sim/groups/bulk",
                    new JsonObject().put("count", n).put("namePrefix", "bench").put("security", "none").encode())).getJsonArray("groups");
            for (int i = 0; i < list.size(); i++) {
                JsonObject g = list.getJsonObject(i);
                DeliveryWorld.register(g, String.format("bench-%07d", made + i), GroupKind.CUSTOM_WEBHOOK, List.of("send"));
                webhooks.add(g.getString("webhook"));
            }
        }
        log(String.format("%,d simulator groups registered", webhooks.size()));
        List<Double> raw = new ArrayList<>();
        List<Double> endToEnd = new ArrayList<>();
        List<Double> finish = new ArrayList<>();
        List<Double> plan = new ArrayList<>();
        List<Double> rawCpu = new ArrayList<>();
        List<Double> runCpu = new ArrayList<>();
        Vertx vertx = Vertx.vertx();
        try (DispatcherProcess d = DispatcherProcess.start(DISPATCHER_JAR, kafka.bootstrapServers(), pg, "bench_send", work, "send",
                options(work, "send", "-Ddingrelay.push.limits.robot-per-minute=1000"))) {
            String campaign = d.createCampaign(campaignJson("send"));
            for (int r = 1; r <= ROUNDS; r++) {
                DeliveryWorld.sim.post("/sim/reset", "{}");
                double c0 = cpu.coreSeconds();
                var rawRoles0 = cpu.byRole();
                double rawRate = raw(vertx, webhooks, r);
                double rawUsed = cpu.coreSeconds() - c0;
                String rawRoles = CpuMeter.delta(rawRoles0, cpu.byRole());
                raw.add(rawRate);
                rawCpu.add(rawUsed * 1e6 / webhooks.size());
                log(String.format("raw round %d: %,d posts at %,.0f/s (Vert.x Web Client, %d in flight); %.0f core-us per post (client + simulator; core-s %s); load %s",
                        r, webhooks.size(), rawRate, RAW_IN_FLIGHT, rawUsed * 1e6 / webhooks.size(), rawRoles, loadAverage()));

                DeliveryWorld.sim.post("/sim/reset", "{}");
                double c1 = cpu.coreSeconds();
                var runRoles0 = cpu.byRole();
                String run = d.startRun(campaign);
                JsonObject p = awaitStatus(d, run, "FINISHED", Duration.ofMinutes(15));
                double runUsed = cpu.coreSeconds() - c1;
                String runRoles = CpuMeter.delta(runRoles0, cpu.byRole());
                runCpu.add(runUsed * 1e6 / webhooks.size());
                Instant started = Instant.parse(p.getString("startedAt"));
                double planS = Duration.between(started, Instant.parse(p.getString("plannedAt"))).toMillis() / 1000.0;
                Instant lastDelivered = d.lastDelivered(run);
                double sendS = Duration.between(started, lastDelivered).toMillis() / 1000.0;
                double rate = p.getLong("delivered") / sendS;
                long accepted = new JsonObject(DeliveryWorld.sim.get("/sim/stats")).getLong("accepted");
                endToEnd.add(rate);
                plan.add(planS);
                finish.add(p.getLong("durationMs") / 1000.0);
                log(String.format("run round %d: %,d delivered (simulator accepted %,d), planned in %.2f s, last delivery after %.2f s: "
                                + "%,.0f deliveries/s end to end; FINISHED after %.2f s; %.2f x raw; %.0f core-us per delivery (everything; core-s %s); load %s",
                        r, p.getLong("delivered"), accepted, planS, sendS, rate, p.getLong("durationMs") / 1000.0, rate / rawRate,
                        runUsed * 1e6 / webhooks.size(), runRoles, loadAverage()));
            }
        } finally {
            vertx.closeAndAwait();
        }
        log(String.format("DELIVERY %,d groups: median %,.0f deliveries/s end to end, raw %,.0f/s (ratio %.2f), planning %.2f s, "
                        + "time to finish %.2f s; rounds e2e %s raw %s", GROUPS, median(endToEnd), median(raw), median(endToEnd) / median(raw),
                median(plan), median(finish), rounded(endToEnd), rounded(raw)));
        log(String.format("CPU: %.0f core-us per delivery end to end (dispatcher, broker, database, simulator) vs %.0f per raw post: "
                        + "on 2 idle cores at most %,.0f deliveries/s and %,.0f raw posts/s (ratio %.2f)", median(runCpu), median(rawCpu),
                2e6 / median(runCpu), 2e6 / median(rawCpu), median(rawCpu) / median(runCpu)));
    }

    /** The dispatcher's extra JVM options and properties, with a JFR recording when {@code bench.jfr} is set. */
    static List<String> options(Path work, String name, String... extra) {
        List<String> out = new ArrayList<>();
        if (JFR) {
            out.add("-XX:StartFlightRecording=filename=" + work.resolve("dispatcher-" + name + ".jfr") + ",settings=profile,dumponexit=true");
        }
        out.addAll(List.of(extra));
        return out;
    }

    /** The same rendered bodies, posted straight to the same webhooks. */
    static double raw(Vertx vertx, List<String> webhooks, int round) {
        WebClient client = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true).setMaxPoolSize(64));
        AtomicLong ok = new AtomicLong();
        long start = System.nanoTime();
        Multi.createFrom().range(0, webhooks.size())
                .onItem().transformToUni(i -> client.postAbs(webhooks.get(i)).putHeader("Content-Type", "application/json;charset=utf-8")
                        .timeout(10_000)
                        .sendBuffer(Buffer.buffer(body("bench-" + i, "raw-" + round + ":bench-" + i)))
                        .invoke(res -> {
                            if (res.statusCode() == 200 && res.bodyAsString().contains("\"errcode\":0")) {
                                ok.incrementAndGet();
                            }
                        }))
                .merge(RAW_IN_FLIGHT)
                .collect().last().await().atMost(Duration.ofMinutes(10));
        double s = (System.nanoTime() - start) / 1e9;
        client.close();
        if (ok.get() != webhooks.size()) {
            log("raw: only " + ok.get() + " accepted");
        }
        return ok.get() / s;
    }

    static String body(String title, String msgUuid) {
        return "{\"msgUuid\":\"" + msgUuid + "\",\"msgtype\":\"markdown\",\"markdown\":{\"title\":\"" + title
                + " 日报\",\"text\":\"#### 今日数据 2026-12-01 09:00\\n确诊 12，治愈 30\"}}";
    }

    static String message() {
        return "{\"msgtype\":\"markdown\",\"markdown\":{\"title\":\"{{group.title}} 日报\",\"text\":\"#### 今日数据 {{date}} {{time}}\\n确诊 12，治愈 30\"}}";
    }

    static String campaignJson(String tag) {
        return "{\"name\":\"bench\",\"message\":" + message() + ",\"audience\":{\"tags\":[\"" + tag + "\"]}}";
    }

    static JsonObject awaitStatus(DispatcherProcess d, String run, String status, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonObject p = d.progress(run);
            if (status.equals(p.getString("status")) || "FINISHED".equals(p.getString("status"))) {
                return p;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("run " + run + " not " + status + ": " + p.encode());
            }
            Thread.sleep(100); // a benchmark polling the progress endpoint, as an operator's dashboard would
        }
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    static double median(List<Double> values) {
        List<Double> s = new ArrayList<>(values);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    static List<Long> rounded(List<Double> values) {
        return values.stream().map(Math::round).toList();
    }

    static void log(String line) {
        System.out.println("[bench " + Instant.now() + "] " + line);
    }
}
