package io.dingrelay.dispatcher.bench;

import io.dingrelay.dispatcher.support.AudienceServer;
import io.dingrelay.dispatcher.support.DeliveryWorld;
import io.dingrelay.dispatcher.support.DispatcherProcess;
import io.dingrelay.events.Topics;
import io.dingrelay.events.registry.GroupKind;
import io.dingrelay.infra.KafkaBroker;
import io.dingrelay.infra.PostgresServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The dispatcher under DingTalk's limits, scaled down (issue 11 "Speed and proof"): the packaged simulator enforcing an
 * IP budget of {@code SIM_IP_CALLS} (1,000) calls per 20 s per source address and the real 20 messages per robot per
 * minute, with faults on (5 % HTTP 503, 1 % timeouts); the packaged dispatcher with our budget at the default margin
 * (IP 900 / 20 s per address), retries on the documented schedule time-scaled by {@code RETRY_SCALE} (0.1: 3 s, 30 s,
 * 90 s, …) so that the run ends within minutes.
 *
 * <p>Two phases, each a fresh dispatcher and database: {@code GROUPS} webhook groups from one egress address
 * (127.0.0.2), then {@code 2 × GROUPS} from two (127.0.0.3, 127.0.0.4). Per phase: the achieved call rate (every call
 * the simulator saw from the phase's addresses: accepted, refused, injected errors and timeouts) over the steady part
 * of the run (from {@code SKIP} after the first call for {@code MEASURE}), as a share of our configured budget (the
 * binding limit) and of the simulator's; bans (punish pages, 410100/130101, app QPS refusals); and from the simulator's
 * record after the run FINISHED: groups that never got the message and groups that got it twice.
 */
public final class LimitsBench {

    static final int GROUPS = Integer.getInteger("bench.groups", 3_000);
    static final int SIM_IP_CALLS = Integer.getInteger("bench.sim-ip-calls", 1_000);
    static final double RETRY_SCALE = Double.parseDouble(System.getProperty("bench.retry-scale", "0.1"));
    static final Duration SKIP = Duration.ofSeconds(Long.getLong("bench.skip-seconds", 5));
    static final Duration MEASURE = Duration.ofSeconds(Long.getLong("bench.measure-seconds", 40));
    static final String DISPATCHER_JAR = System.getProperty("bench.dispatcher.jar", "target/quarkus-app/quarkus-run.jar");
    /** More options for the dispatchers, space-separated ({@code -Dbench.dispatcher-opts="-Dkey=value -Dother=v"}). */
    static final List<String> DISPATCHER_OPTS = java.util.Arrays.stream(System.getProperty("bench.dispatcher-opts", "").split("\\s+"))
            .filter(o -> !o.isBlank()).toList();

    record Phase(String name, List<String> addresses, double rate, long bans, long neverDelivered, long twice, long deadLettered,
                 long calls, Duration total) {
    }

    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory("limits-bench");
        PushBench.log("work dir " + work + ", load average " + PushBench.loadAverage());
        try (KafkaBroker kafka = KafkaBroker.start(KafkaBroker.Options.defaults());
                PostgresServer pg = PostgresServer.start(PostgresServer.Options.defaults())) {
            kafka.createTopics(Topics.all());
            DeliveryWorld.startSimulator("768m", false, Map.of("simulator.limits.ip-calls", String.valueOf(SIM_IP_CALLS),
                    "simulator.limits.ip-window", "PT20S", "simulator.history.per-group", "2", "simulator.history.total", "20000"));
            DeliveryWorld.audience = new AudienceServer().start();
            // faults on for every group: 5 % answered 503, 1 % never answered (the client's 5 s timeout decides)
            DeliveryWorld.sim.put("/sim/faults", "{\"errorRate\":0.05,\"errorStatus\":503,\"timeoutRate\":0.01}");
            try {
                Phase one = phase(kafka, pg, work, "one", List.of("127.0.0.2"), GROUPS);
                Phase two = phase(kafka, pg, work, "two", List.of("127.0.0.3", "127.0.0.4"), 2 * GROUPS);
                double ours = SIM_IP_CALLS * 0.9 / 20.0;
                double sims = SIM_IP_CALLS / 20.0;
                PushBench.log("RESULT (load average " + PushBench.loadAverage() + ")");
                for (Phase p : List.of(one, two)) {
                    int n = p.addresses().size();
                    PushBench.log(String.format("  %s address(es) %s: %.1f calls/s = %.1f %% of our budget (%.0f/s), %.1f %% of the simulator's"
                                    + " (%.0f/s); bans %d; never delivered %d; delivered twice %d; dead-lettered %d; %d calls; FINISHED after %d s",
                            n, p.addresses(), p.rate(), 100 * p.rate() / (ours * n), ours * n, 100 * p.rate() / (sims * n), sims * n, p.bans(),
                            p.neverDelivered(), p.twice(), p.deadLettered(), p.calls(), p.total().toSeconds()));
                }
                PushBench.log(String.format("  2 addresses vs 1: %.2f x", two.rate() / one.rate()));
            } finally {
                DeliveryWorld.simulator.close();
                DeliveryWorld.audience.close();
            }
        }
    }

    static Phase phase(KafkaBroker kafka, PostgresServer pg, Path work, String name, List<String> addresses, int groups) throws Exception {
        String tag = "limits-" + name;
        String db = "bench_limits_" + name;
        pg.createDatabase(db);
        DeliveryWorld.audience.clear();
        Set<String> simIds = new HashSet<>();
        for (int made = 0; made < groups; made += 5_000) {
            DeliveryWorld.groups(Math.min(5_000, groups - made), tag, GroupKind.CUSTOM_WEBHOOK, "none", List.of(tag))
                    .forEach(e -> simIds.add(DeliveryWorld.simId(e.groupId().value())));
        }
        long bansBefore = bans();
        List<String> options = new ArrayList<>(List.of("-Ddingrelay.push.egress-addresses=" + String.join(",", addresses),
                "-Ddingrelay.push.limits.ip-calls=" + Math.round(SIM_IP_CALLS * 0.9), "-Ddingrelay.push.limits.ip-window=20s",
                "-Ddingrelay.push.retry.delay-scale=" + RETRY_SCALE));
        options.addAll(DISPATCHER_OPTS);
        try (DispatcherProcess d = DispatcherProcess.start(DISPATCHER_JAR, kafka.bootstrapServers(), pg, db, work, name, options)) {
            String campaign = d.createCampaign(PushBench.campaignJson(tag));
            Instant started = Instant.now();
            String run = d.startRun(campaign);
            // the first call from these addresses, then the calls in the measured interval
            long calls0 = calls(addresses);
            while (calls(addresses) == calls0) {
                Thread.sleep(50);
            }
            Thread.sleep(SKIP.toMillis());
            long a = calls(addresses);
            long t0 = System.nanoTime();
            Thread.sleep(MEASURE.toMillis());
            long b = calls(addresses);
            double rate = (b - a) / ((System.nanoTime() - t0) / 1e9);
            PushBench.log(String.format("%s: %.1f calls/s from %s over %d s (progress %s)", name, rate, addresses, MEASURE.toSeconds(),
                    d.progress(run).encode()));
            JsonObject p = PushBench.awaitStatus(d, run, "FINISHED", Duration.ofMinutes(20));
            Duration total = Duration.between(started, Instant.now());
            long never = 0;
            long twice = 0;
            for (JsonObject g : simGroups()) {
                if (simIds.contains(g.getString("id"))) {
                    long accepted = g.getLong("accepted");
                    never += accepted == 0 ? 1 : 0;
                    twice += accepted > 1 ? 1 : 0;
                }
            }
            PushBench.log(name + ": " + p.encode());
            return new Phase(name, addresses, rate, bans() - bansBefore, never, twice, p.getLong("deadLettered"),
                    calls(addresses) - calls0, total);
        }
    }

    /**
     * Every call the simulator saw, all answers: {@code /sim/stats} {@code accepted} and {@code rejected} (which holds
     * the injected 5xx answers, code "503", and the ban refusals) plus {@code /sim/faults} {@code applied.timeout}, the
     * calls it never answered (FaultInjector counts each fault it applied: {@code {"faults":[…],"applied":{"error":…,
     * "timeout":…,"delayed":…}}}). The simulator keeps no totals per source address (only the current window's, in
     * {@code stats.ipWindows}), so the whole simulator is counted: only this phase's dispatcher sends to it.
     */
    static long calls(List<String> addresses) {
        JsonObject stats = new JsonObject(DeliveryWorld.sim.get("/sim/stats"));
        return stats.getLong("accepted") + stats.getLong("rejected") + timeouts();
    }

    static long timeouts() {
        JsonObject applied = new JsonObject(DeliveryWorld.sim.get("/sim/faults")).getJsonObject("applied");
        return applied == null ? 0 : applied.getLong("timeout", 0L);
    }

    static long bans() {
        JsonObject byCode = new JsonObject(DeliveryWorld.sim.get("/sim/stats")).getJsonObject("rejectedByCode");
        long n = 0;
        for (String code : List.of("1111", "410100", "130101", "90018", "Forbidden.AccessDenied.QpsLimitForAppkeyAndApi")) {
            n += byCode == null ? 0 : byCode.getLong(code, 0L);
        }
        return n;
    }

    static List<JsonObject> simGroups() {
        List<JsonObject> out = new ArrayList<>();
        String after = null;
        do {
            JsonObject page = new JsonObject(DeliveryWorld.sim.get("/sim/groups?limit=1000" + (after == null ? "" : "&after=" + after)));
            JsonArray list = page.getJsonArray("groups");
            for (int i = 0; i < list.size(); i++) {
                out.add(list.getJsonObject(i));
            }
            after = page.getString("next");
        } while (after != null);
        return out;
    }
}
