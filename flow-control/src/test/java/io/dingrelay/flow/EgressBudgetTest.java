package io.dingrelay.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.dingrelay.client.DingTalkClientOptions;
import io.dingrelay.client.EgressClients;
import io.dingrelay.flow.config.FlowLimits;
import io.dingrelay.flow.config.WindowBudget;
import io.dingrelay.infra.Ports;
import io.dingrelay.protocol.answer.Classification;
import io.dingrelay.protocol.answer.Outcome;
import io.dingrelay.protocol.message.TextMessage;
import io.dingrelay.testkit.SimulatorApi;
import io.dingrelay.testkit.SimulatorProcess;
import io.smallrye.mutiny.Multi;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two egress addresses, each with its own IP budget on PostgreSQL, send through dingtalk-client's {@link EgressClients}
 * to the packaged simulator, which counts calls per source IP (the socket's remote address: 127.0.0.2 and 127.0.0.3
 * are distinct on Linux) with its per-IP limit scaled down to 40 calls / 2 s. Every send is delivered, none banned,
 * and each address kept its own budget.
 */
class EgressBudgetTest {

    static final int SIM_IP_CALLS = 40;
    static final Duration SIM_IP_WINDOW = Duration.ofSeconds(2);
    static final List<String> ADDRESSES = List.of("127.0.0.2", "127.0.0.3");
    static final int GROUPS = 120;

    static SimulatorProcess simulator;
    static SimulatorApi sim;
    static String simUrl;
    static Vertx vertx;
    static ExecutorService pool;

    @BeforeAll
    static void start() {
        int port = Ports.free();
        simUrl = "http://127.0.0.1:" + port; // an IPv4 address: the clients bind 127.0.0.x
        simulator = SimulatorProcess.builder().port(port)
                .property("simulator.public-url", simUrl)
                .property("simulator.limits.ip-calls", Integer.toString(SIM_IP_CALLS))
                .property("simulator.limits.ip-window", SIM_IP_WINDOW.toString())
                .start();
        sim = new SimulatorApi(simUrl);
        vertx = Vertx.vertx();
        pool = Executors.newFixedThreadPool(2);
    }

    @AfterAll
    static void stop() {
        if (vertx != null) {
            vertx.closeAndAwait();
        }
        if (pool != null) {
            pool.shutdownNow();
        }
        if (simulator != null) {
            simulator.close();
        }
    }

    @Test
    void twoAddressesEachKeepTheirOwnIpBudgetAndNothingIsBanned() {
        // 25 % under the simulator's 40 / 2 s: the margin absorbs the spread of request latencies
        WindowBudget ip = new WindowBudget(30, SIM_IP_WINDOW, 3, Duration.ofMillis(150), 1);
        FlowLimits limits = FlowLimits.defaults().withIp(ip);
        List<JsonObject> groups = new ArrayList<>();
        for (int i = 0; i < GROUPS; i++) {
            groups.add(new JsonObject(sim.post("/sim/groups", new JsonObject().put("name", "出口测试群" + i).put("security", "none").encode())));
        }

        Map<String, List<Long>> grantsByAddress = new ConcurrentHashMap<>();
        List<Classification> answers = Collections.synchronizedList(new ArrayList<>());
        try (FlowControl flow = FlowControl.builder(limits).postgres(Replicas.dataSource()).executor(pool)
                .egressAddresses(ADDRESSES).build();
             EgressClients clients = EgressClients.create(vertx, DingTalkClientOptions.defaults().withApiBaseUrl(simUrl)
                     .withOapiBaseUrl(simUrl), ADDRESSES)) {
            Multi.createFrom().iterable(groups)
                    .onItem().transformToUni(g -> flow.acquire(SendScopes.webhook(g.getString("id"), null), Duration.ofSeconds(30))
                            .chain(permit -> {
                                assertThat(permit.isGranted()).as(permit.reason()).isTrue();
                                grantsByAddress.computeIfAbsent(permit.egress(), a -> Collections.synchronizedList(new ArrayList<>()))
                                        .add(permit.grantedAt());
                                return clients.client(permit.egress()).webhooks()
                                        .send(g.getString("webhook"), null, TextMessage.of("出口 " + permit.egress()))
                                        .invoke(answer -> flow.observe(permit, answer));
                            }))
                    .merge(16)
                    .invoke(answers::add)
                    .collect().asList()
                    .await().atMost(Duration.ofMinutes(3));
        }

        assertThat(answers).hasSize(GROUPS).allSatisfy(a -> assertThat(a.outcome()).as(a.toString()).isEqualTo(Outcome.DELIVERED));
        assertThat(grantsByAddress).containsOnlyKeys(ADDRESSES);
        grantsByAddress.forEach((address, instants) -> {
            assertThat(instants).as(address).isNotEmpty();
            assertThat(Replicas.maxInAnyWindow(instants, ip.window().toNanos())).as(address).isLessThanOrEqualTo(ip.limit());
        });
        JsonObject windows = new JsonObject(sim.get("/sim/stats")).getJsonObject("ipWindows");
        assertThat(windows.fieldNames()).containsAll(ADDRESSES);
        for (String address : ADDRESSES) {
            assertThat(windows.getJsonObject(address).getLong("bannedUntil")).as(address + " banned").isZero();
        }
        List<Long> both = new ArrayList<>();
        grantsByAddress.values().forEach(both::addAll);
        System.out.printf("[flow] egress %s: %s grants; at most %d in one %s window over both (one address may have %d)%n", ADDRESSES,
                grantsByAddress.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue().size()).toList(),
                Replicas.maxInAnyWindow(both, ip.window().toNanos()), ip.window(), ip.limit());
    }
}
