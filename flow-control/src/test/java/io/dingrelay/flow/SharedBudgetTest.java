package io.dingrelay.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.dingrelay.flow.config.FlowLimits;
import io.dingrelay.flow.config.WindowBudget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two replicas — two {@link FlowControl}s, each with its own DataSource and worker pool — take from one shared egress-IP
 * budget and one shared app budget on the real PostgreSQL, concurrently, in chunks. The instants at which they granted
 * tokens are counted per window: no window of the budget's length ever holds more than its limit.
 */
class SharedBudgetTest {

    static final int SENDERS_PER_REPLICA = 4;

    final List<ExecutorService> pools = new ArrayList<>();
    final List<FlowControl> replicas = new ArrayList<>();

    @AfterEach
    void stop() {
        replicas.forEach(FlowControl::close);
        pools.forEach(ExecutorService::shutdownNow);
    }

    FlowControl replica(FlowLimits limits, String egress) {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        pools.add(pool);
        FlowControl flow = FlowControl.builder(limits).postgres(Replicas.dataSource()).executor(pool)
                .egressAddresses(List.of(egress)).build();
        replicas.add(flow);
        return flow;
    }

    /** Every sender of both replicas asks for permits until {@code target} were granted; the grant instants of each replica. */
    List<List<Long>> sendUntil(int target, IntFunction<SendScopes> scopes) throws Exception {
        AtomicInteger granted = new AtomicInteger();
        AtomicInteger next = new AtomicInteger();
        List<List<Long>> instants = new ArrayList<>();
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS_PER_REPLICA * replicas.size());
        try {
            List<Future<?>> running = new ArrayList<>();
            for (FlowControl flow : replicas) {
                List<Long> mine = Collections.synchronizedList(new ArrayList<>());
                instants.add(mine);
                for (int s = 0; s < SENDERS_PER_REPLICA; s++) {
                    running.add(senders.submit(() -> {
                        while (granted.get() < target) {
                            Permit p = flow.acquire(scopes.apply(next.incrementAndGet()), Duration.ofSeconds(30))
                                    .await().atMost(Duration.ofMinutes(1));
                            if (p.isGranted()) {
                                mine.add(p.grantedAt());
                                granted.incrementAndGet();
                            }
                        }
                        return null;
                    }));
                }
            }
            for (Future<?> f : running) {
                f.get(5, TimeUnit.MINUTES);
            }
        } finally {
            senders.shutdownNow();
        }
        return instants;
    }

    static List<Long> all(List<List<Long>> perReplica) {
        List<Long> all = new ArrayList<>();
        perReplica.forEach(all::addAll);
        return all;
    }

    @Test
    void twoReplicasNeverExceedOneSharedEgressIpBudget() throws Exception {
        WindowBudget ip = new WindowBudget(40, Duration.ofSeconds(2), 4, Duration.ofMillis(150), 2);
        FlowLimits limits = FlowLimits.defaults().withIp(ip);
        String egress = "shared-" + UUID.randomUUID(); // one key in the table for both replicas
        replica(limits, egress);
        replica(limits, egress);

        // distinct robots: only the IP budget is shared and binding
        List<List<Long>> granted = sendUntil(150, i -> SendScopes.webhook("robot-" + i, null));

        assertThat(granted.get(0)).as("replica 1 sent").isNotEmpty();
        assertThat(granted.get(1)).as("replica 2 sent").isNotEmpty();
        assertThat(Replicas.maxInAnyWindow(all(granted), ip.window().toNanos())).isLessThanOrEqualTo(ip.limit());
        System.out.printf("[flow] shared IP budget %d / %s: %d + %d grants, at most %d in one window, %d round trips%n", ip.limit(),
                ip.window(), granted.get(0).size(), granted.get(1).size(), Replicas.maxInAnyWindow(all(granted), ip.window().toNanos()),
                replicas.get(0).storeRoundTrips() + replicas.get(1).storeRoundTrips());
    }

    @Test
    void twoReplicasNeverExceedOneSharedAppQps() throws Exception {
        WindowBudget app = new WindowBudget(10, Duration.ofSeconds(1), 1, Duration.ofMillis(200), 1);
        FlowLimits limits = FlowLimits.defaults().withApp(app);
        String appName = "app-" + UUID.randomUUID();
        // each replica on its own egress: only the app budget is shared
        replica(limits, "ip-a-" + UUID.randomUUID());
        replica(limits, "ip-b-" + UUID.randomUUID());

        List<List<Long>> granted = sendUntil(40, i -> SendScopes.openApi(appName, null, null));

        assertThat(granted.get(0)).as("replica 1 sent").isNotEmpty();
        assertThat(granted.get(1)).as("replica 2 sent").isNotEmpty();
        assertThat(Replicas.maxInAnyWindow(all(granted), app.window().toNanos())).isLessThanOrEqualTo(app.limit());
        System.out.printf("[flow] shared app budget %d / %s: %d + %d grants, at most %d in one window%n", app.limit(), app.window(),
                granted.get(0).size(), granted.get(1).size(), Replicas.maxInAnyWindow(all(granted), app.window().toNanos()));
    }

    @Test
    void twoReplicasShareOneMonthlyQuotaExactlyAndGiveBackWhatTheyHold() throws Exception {
        FlowLimits limits = FlowLimits.defaults().withOrgMonthlyQuota(25).withQuotaChunk(4);
        String corp = "corp-" + UUID.randomUUID();
        FlowControl one = replica(limits, "ip-a-" + UUID.randomUUID());
        FlowControl two = replica(limits, "ip-b-" + UUID.randomUUID());

        AtomicInteger granted = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        ExecutorService senders = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (FlowControl flow : List.of(one, two)) {
                for (int s = 0; s < 2; s++) {
                    running.add(senders.submit(() -> {
                        for (int i = 0; ; i++) {
                            Permit p = flow.acquire(SendScopes.webhook("r-" + UUID.randomUUID(), corp), Duration.ofSeconds(30))
                                    .await().atMost(Duration.ofMinutes(1));
                            if (p.status() == Permit.Status.REFUSED) {
                                refused.incrementAndGet();
                                return null;
                            }
                            if (p.isGranted()) {
                                granted.incrementAndGet();
                            }
                        }
                    }));
                }
            }
            for (Future<?> f : running) {
                f.get(2, TimeUnit.MINUTES);
            }
        } finally {
            senders.shutdownNow();
        }
        assertThat(granted.get()).isEqualTo(25);
        assertThat(refused.get()).isEqualTo(4);
        assertThat(one.quotaLeft(corp)).hasValue(0);

        // a replica stopping with unused quota gives it back
        FlowLimits bigger = FlowLimits.defaults().withOrgMonthlyQuota(100).withQuotaChunk(10);
        String corp2 = "corp-" + UUID.randomUUID();
        FlowControl three = replica(bigger, "ip-c-" + UUID.randomUUID());
        // not Duration.ZERO: the new replica's first round trips (a new pool's first connection) may outlast the IP
        // lease on a loaded machine, and a permit that may not wait 1 ms for another round trip is then deferred
        Permit first = three.acquire(SendScopes.webhook("r", corp2), Duration.ofSeconds(10)).await().atMost(Duration.ofSeconds(30));
        assertThat(first.isGranted()).as("%s", first).isTrue();
        assertThat(three.quotaLeft(corp2)).hasValue(90); // one chunk of 10 is held
        three.close();
        assertThat(three.quotaLeft(corp2)).hasValue(99);
    }
}
