package io.dingrelay.gateway.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.List;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;

class DeduplicatorTest {

    final Deduplicator dedup = new Deduplicator(Duration.ofMinutes(10), 1000);

    @Test
    void theFirstClaimPublishesAndARepeatWaitsForItsAcknowledgement() {
        Deduplicator.Claim first = dedup.claim("e1");
        assertThat(first).isInstanceOf(Deduplicator.Claim.First.class);

        Deduplicator.Claim repeat = dedup.claim("e1");
        assertThat(repeat).isInstanceOf(Deduplicator.Claim.InFlight.class);
        CompletableFuture<Void> waiting = ((Deduplicator.Claim.InFlight) repeat).durable();
        assertThat(waiting).isNotDone();

        dedup.settle((Deduplicator.Claim.First) first, null);

        assertThat(waiting).isCompleted();
        assertThat(dedup.claim("e1")).isInstanceOf(Deduplicator.Claim.Durable.class);
    }

    @Test
    void aFailedFirstCopyFailsItsWaitersAndIsForgottenSoTheNextRepeatPublishes() {
        Deduplicator.Claim.First first = (Deduplicator.Claim.First) dedup.claim("e2");
        CompletableFuture<Void> waiting = ((Deduplicator.Claim.InFlight) dedup.claim("e2")).durable();

        dedup.settle(first, new IllegalStateException("broker down"));

        assertThat(waiting).isCompletedExceptionally();
        assertThat(dedup.claim("e2")).isInstanceOf(Deduplicator.Claim.First.class);
    }

    @Test
    void idsAreIndependent() {
        assertThat(dedup.claim("a")).isInstanceOf(Deduplicator.Claim.First.class);
        assertThat(dedup.claim("b")).isInstanceOf(Deduplicator.Claim.First.class);
    }

    @Test
    void exactlyOneOfManyConcurrentClaimsIsFirst() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Deduplicator.Claim>> claims = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                claims.add(pool.submit(() -> dedup.claim("contended")));
            }
            long firsts = 0;
            for (Future<Deduplicator.Claim> c : claims) {
                if (c.get() instanceof Deduplicator.Claim.First) {
                    firsts++;
                }
            }
            assertThat(firsts).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anExpiredIdIsPublishedAgain() {
        AtomicLong nanos = new AtomicLong();
        Deduplicator window = new Deduplicator(Duration.ofMinutes(10), 1000, nanos::get);
        Deduplicator.Claim.First first = (Deduplicator.Claim.First) window.claim("old");
        window.settle(first, null);
        assertThat(window.claim("old")).isInstanceOf(Deduplicator.Claim.Durable.class);

        nanos.addAndGet(Duration.ofMinutes(10).plusMillis(1).toNanos());

        assertThat(window.claim("old")).isInstanceOf(Deduplicator.Claim.First.class);
    }
}
