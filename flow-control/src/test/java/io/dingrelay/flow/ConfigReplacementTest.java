package io.dingrelay.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.dingrelay.flow.config.FlowLimits;
import io.dingrelay.flow.config.WindowBudget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A changed {@code dingrelay.push.limits.*} reaches the shared buckets on the real PostgreSQL that were created with
 * the old figures: a replica restarted with limit B enforces B, not the A the bucket was created with — whichever
 * way the figure moved. (A Bucket4j bucket keeps its creation configuration unless a <em>higher</em> configuration
 * version asks for a replacement; the hash of the limits used before was not ordered.)
 */
class ConfigReplacementTest {

    final List<ExecutorService> pools = new ArrayList<>();
    final List<FlowControl> flows = new ArrayList<>();

    @AfterEach
    void stop() {
        flows.forEach(FlowControl::close);
        pools.forEach(ExecutorService::shutdownNow);
    }

    /** A replica (re)started with {@code limits}: its own FlowControl, pool and connection, the same table. */
    FlowControl start(FlowLimits limits, String egress) {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        pools.add(pool);
        FlowControl flow = FlowControl.builder(limits).postgres(Replicas.dataSource()).executor(pool).egressAddresses(List.of(egress)).build();
        flows.add(flow);
        return flow;
    }

    /** Permits granted at once (no waiting) until the first that is not. */
    static int grantedNow(FlowControl flow, String corp, int max) {
        int n = 0;
        for (int i = 0; i < max; i++) {
            Permit p = flow.acquire(SendScopes.webhook("robot-" + UUID.randomUUID(), corp), Duration.ZERO).await().atMost(Duration.ofSeconds(30));
            if (!p.isGranted()) {
                return n;
            }
            n++;
        }
        return n;
    }

    @Test
    void aRaisedAndThenALoweredMonthlyQuotaAreEnforcedAfterRestarts() {
        String corp = "corp-" + UUID.randomUUID();
        String egress = "ip-" + UUID.randomUUID();
        FlowControl a = start(FlowLimits.defaults().withOrgMonthlyQuota(10).withQuotaChunk(1), egress);
        assertThat(grantedNow(a, corp, 3)).isEqualTo(3);
        a.close();

        // a bought pack, restarted with 12: what was used stays used (ADDITIVE), 9 left
        FlowControl b = start(FlowLimits.defaults().withOrgMonthlyQuota(12).withQuotaChunk(1), egress);
        assertThat(b.quotaLeft(corp)).hasValue(9);
        b.close();

        // restarted with 5: at most 5 left (Bucket4j caps what is left at the new capacity) — before, the lower
        // version of the smaller figure left the bucket at 12 with 9 to grant
        FlowControl c = start(FlowLimits.defaults().withOrgMonthlyQuota(5).withQuotaChunk(1), egress);
        assertThat(c.quotaLeft(corp)).hasValue(5);
        assertThat(grantedNow(c, corp, 20)).isEqualTo(5);
    }

    @Test
    void aLoweredEgressBudgetIsEnforcedAfterARestart() {
        String egress = "ip-" + UUID.randomUUID();
        // A: 400 calls per 20 s, a burst of 100; B: 40 per 20 s, a burst of 4 (refilling 36 per 25 s, ~1.4/s)
        // leases of 5 s: a round trip on a loaded machine must not outlast the tokens it takes (a permit asked with no
        // wait would then be deferred)
        WindowBudget wide = new WindowBudget(400, Duration.ofSeconds(20), 100, Duration.ofSeconds(5), 10);
        WindowBudget narrow = new WindowBudget(40, Duration.ofSeconds(20), 4, Duration.ofSeconds(5), 2);
        FlowControl a = start(FlowLimits.defaults().withIp(wide), egress);
        assertThat(grantedNow(a, null, 10)).isEqualTo(10); // the bucket exists, 90 tokens left under A
        a.close();

        FlowControl b = start(FlowLimits.defaults().withIp(narrow), egress);
        int burst = grantedNow(b, null, 100);
        // B's burst (4; a token or two more may refill while the loop runs on a slow machine), not A's 90
        assertThat(burst).isBetween(narrow.burst(), narrow.burst() + 4);
    }
}
