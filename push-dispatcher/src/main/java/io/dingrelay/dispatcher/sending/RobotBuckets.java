package io.dingrelay.dispatcher.sending;

import io.dingrelay.dispatcher.config.PushConfig;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One Bucket4j token bucket per custom robot (per webhook group): {@code dingrelay.push.limits.robot-per-minute}
 * (18 by default, DingTalk's 20 less a margin: the 21st message bans the robot for 10 minutes). A robot's targets
 * always land on the same partition ({@link io.dingrelay.dispatcher.planning.Partitioning}), so its bucket lives in
 * exactly one consumer and a local bucket is exact. A send without a token waits for the refill instead of being
 * sent and banned; other robots' sends go on meanwhile.
 */
@ApplicationScoped
public class RobotBuckets {

    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final int perMinute;
    private final Counter waits;

    public RobotBuckets(PushConfig config, MeterRegistry meters) {
        this.perMinute = config.limits().robotPerMinute();
        this.waits = Counter.builder("dingrelay.push.throttle.waits").tag("scope", "robot")
                .description("Sends that waited for their robot's token bucket").register(meters);
    }

    /** Completes when the robot may send one message (at once, or after the bucket's refill). */
    public Uni<Void> acquire(String robot) {
        ConsumptionProbe probe = buckets.computeIfAbsent(robot, r -> newBucket()).tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return Uni.createFrom().voidItem();
        }
        waits.increment();
        return Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofNanos(Math.max(1_000_000, probe.getNanosToWaitForRefill())))
                .chain(() -> acquire(robot));
    }

    private Bucket newBucket() {
        return Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)).build())
                .build();
    }

    /** Forgets full buckets (robots idle for a minute): a run touches each robot once, the map must not keep them all. */
    @Scheduled(every = "60s")
    void evictIdle() {
        buckets.values().removeIf(b -> b.getAvailableTokens() >= perMinute);
    }

    int size() {
        return buckets.size();
    }
}
