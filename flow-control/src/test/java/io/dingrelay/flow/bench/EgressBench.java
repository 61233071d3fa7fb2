package io.dingrelay.flow.bench;

import io.dingrelay.client.DingTalkClientOptions;
import io.dingrelay.client.EgressClients;
import io.dingrelay.flow.FlowControl;
import io.dingrelay.flow.Permit;
import io.dingrelay.flow.SendScopes;
import io.dingrelay.flow.config.FlowLimits;
import io.dingrelay.flow.config.WindowBudget;
import io.dingrelay.flow.schema.FlowControlSchema;
import io.dingrelay.infra.Ports;
import io.dingrelay.infra.PostgresServer;
import io.dingrelay.protocol.answer.Classification;
import io.dingrelay.protocol.answer.Outcome;
import io.dingrelay.protocol.message.TextMessage;
import io.dingrelay.testkit.SimulatorApi;
import io.dingrelay.testkit.SimulatorProcess;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The flow-control benchmark: the packaged simulator enforcing DingTalk's per-IP rule scaled down (default 1,000 calls
 * per 20 s, issue 11) and the real per-robot 20/min; FlowControl on a real PostgreSQL with the default margin (10 %)
 * and shapes; senders as fast as the budgets let them, first from one egress address, then from two. Prints the rate
 * as a share of the configured limit and of the simulator's, the bans, the two-address ratio, the PostgreSQL round
 * trips per send and CPU core-µs per send (this JVM, the simulator, PostgreSQL), with the load average.
 *
 * <p>{@code flow-control/bench/run.sh}; {@code -Dbench.ip-calls=1000 -Dbench.ip-window=PT20S -Dbench.windows=3
 * -Dbench.senders=32}.
 */
public final class EgressBench {

    static final int IP_CALLS = Integer.getInteger("bench.ip-calls", 1000);
    static final Duration IP_WINDOW = Duration.parse(System.getProperty("bench.ip-window", "PT20S"));
    static final int WINDOWS = Integer.getInteger("bench.windows", 3);
    static final int SENDERS = Integer.getInteger("bench.senders", 32);

    record Result(String name, int addresses, long delivered, long banned, long other, double seconds, long roundTrips, double coreSeconds) {
    }

    public static void main(String[] args) throws Exception {
        Path data = Files.createTempDirectory("flow-bench-");
        try (PostgresServer pg = PostgresServer.start(PostgresServer.Options.defaults().dataDirectory(data.resolve("pg")))) {
            pg.createDatabase("flowbench");
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setURL(pg.jdbcUrl("flowbench"));
            ds.setUser(pg.username());
            ds.setPassword(pg.password());
            FlowControlSchema.ensure(ds);
            int port = Ports.free();
            String simUrl = "http://127.0.0.1:" + port;
            try (SimulatorProcess sim = SimulatorProcess.builder().port(port).property("simulator.public-url", simUrl)
                    .property("simulator.limits.ip-calls", Integer.toString(IP_CALLS))
                    .property("simulator.limits.ip-window", IP_WINDOW.toString())
                    .property("simulator.history.per-group", "1")
                    .start()) {
                SimulatorApi api = new SimulatorApi(simUrl);
                WindowBudget ip = FlowLimits.ip((int) Math.floor(IP_CALLS * (1 - FlowLimits.DEFAULT_SAFETY_MARGIN)), IP_WINDOW,
                        Duration.ofMillis(FlowLimits.DEFAULT_IP_LEASE_MILLIS));
                FlowLimits limits = FlowLimits.defaults().withIp(ip);
                // two addresses send ~2 × 0.9 × IP_CALLS per window; this many groups keeps each robot within its burst of 6 a phase
                int groups = Math.max(200, IP_CALLS * WINDOWS / 2 + 100);
                List<String> webhooks = new ArrayList<>();
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < groups; i++) {
                    JsonObject g = new JsonObject(api.post("/sim/groups", new JsonObject().put("name", "bench" + i).put("security", "none").encode()));
                    webhooks.add(g.getString("webhook"));
                    ids.add(g.getString("id"));
                }
                System.out.printf("[bench] simulator: %d calls / %s per IP; our IP budget %d / %s (burst %d, lease %s, chunk %d, sustained %.1f/s); %d groups; load %s%n",
                        IP_CALLS, IP_WINDOW, ip.limit(), ip.window(), ip.burst(), ip.lease(), ip.chunk(), ip.sustainedPerSecond(), groups, load());
                Vertx vertx = Vertx.vertx();
                ExecutorService pool = Executors.newFixedThreadPool(2);
                try {
                    CpuMeter cpu = new CpuMeter(data);
                    Result one = phase("one address", List.of("127.0.0.2"), limits, ds, pool, vertx, simUrl, webhooks, ids, cpu);
                    Result two = phase("two addresses", List.of("127.0.0.3", "127.0.0.4"), limits, ds, pool, vertx, simUrl, webhooks, ids, cpu);
                    for (Result r : List.of(one, two)) {
                        double rate = r.delivered() / r.seconds();
                        double configured = r.addresses() * ip.limit() / (IP_WINDOW.toNanos() / 1e9);
                        double simulator = r.addresses() * IP_CALLS / (IP_WINDOW.toNanos() / 1e9);
                        System.out.printf("[bench] %-13s %6d delivered in %.1f s = %.1f/s: %.1f %% of our configured limit, %.1f %% of the sustained budget,"
                                        + " %.1f %% of the simulator's; bans %d, other answers %d; %.3f PostgreSQL round trips per send; %.0f core-µs per send%n",
                                r.name(), r.delivered(), r.seconds(), rate, 100 * rate / configured,
                                100 * rate / (r.addresses() * ip.sustainedPerSecond()), 100 * rate / simulator, r.banned(), r.other(),
                                (double) r.roundTrips() / Math.max(1, r.delivered()), 1e6 * r.coreSeconds() / Math.max(1, r.delivered()));
                    }
                    System.out.printf("[bench] two addresses / one: %.2f x; load %s%n",
                            (two.delivered() / two.seconds()) / (one.delivered() / one.seconds()), load());
                } finally {
                    pool.shutdownNow();
                    vertx.closeAndAwait();
                }
            }
        }
    }

    static Result phase(String name, List<String> addresses, FlowLimits limits, PGSimpleDataSource ds, ExecutorService pool, Vertx vertx,
                        String simUrl, List<String> webhooks, List<String> ids, CpuMeter cpu) throws Exception {
        AtomicLong next = new AtomicLong();
        AtomicLong delivered = new AtomicLong();
        AtomicLong banned = new AtomicLong();
        AtomicLong other = new AtomicLong();
        Duration length = IP_WINDOW.multipliedBy(WINDOWS);
        try (FlowControl flow = FlowControl.builder(limits).postgres(ds).executor(pool).egressAddresses(addresses).build();
             EgressClients clients = EgressClients.create(vertx, DingTalkClientOptions.defaults().withApiBaseUrl(simUrl).withOapiBaseUrl(simUrl),
                     addresses)) {
            double cpuStart = cpu.coreSeconds();
            long start = System.nanoTime();
            long end = start + length.toNanos();
            ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
            List<Future<?>> running = new ArrayList<>();
            for (int s = 0; s < SENDERS; s++) {
                running.add(senders.submit(() -> {
                    while (System.nanoTime() < end) {
                        int i = (int) (next.getAndIncrement() % webhooks.size());
                        long left = end - System.nanoTime();
                        Permit p = flow.acquire(SendScopes.webhook(ids.get(i), null), Duration.ofNanos(Math.max(0, left)))
                                .await().atMost(length.plusMinutes(1));
                        if (!p.isGranted()) {
                            continue;
                        }
                        Classification c = clients.client(p.egress()).webhooks().send(webhooks.get(i), null, TextMessage.of("bench"))
                                .await().atMost(Duration.ofMinutes(1));
                        flow.observe(p, c);
                        if (c.outcome() == Outcome.DELIVERED) {
                            delivered.incrementAndGet();
                        } else if (c.outcome() == Outcome.IP_BANNED || c.outcome() == Outcome.THROTTLED) {
                            banned.incrementAndGet();
                        } else {
                            other.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
            senders.shutdownNow();
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Result(name, addresses.size(), delivered.get(), banned.get(), other.get(), seconds, flow.storeRoundTrips(),
                    cpu.coreSeconds() - cpuStart);
        }
    }

    static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return "?";
        }
    }

    /** Core-seconds of this JVM, its descendants (the simulator) and the PostgreSQL processes of the bench's data folder. */
    static final class CpuMeter {
        private final String data;

        CpuMeter(Path data) {
            this.data = data.toString();
        }

        double coreSeconds() {
            long nanos = cpu(ProcessHandle.current());
            nanos += ProcessHandle.current().descendants().mapToLong(CpuMeter::cpu).sum();
            nanos += ProcessHandle.allProcesses()
                    .filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(false))
                    .filter(p -> p.info().arguments().map(a -> String.join(" ", a).contains(data)).orElse(false)
                            || p.parent().flatMap(pp -> pp.info().arguments()).map(a -> String.join(" ", a).contains(data)).orElse(false))
                    .filter(p -> ProcessHandle.current().descendants().noneMatch(d -> d.pid() == p.pid()))
                    .mapToLong(CpuMeter::cpu).sum();
            return nanos / 1e9;
        }

        private static long cpu(ProcessHandle p) {
            return p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
        }
    }
}
