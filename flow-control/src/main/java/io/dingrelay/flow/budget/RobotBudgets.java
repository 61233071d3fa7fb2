package io.dingrelay.flow.budget;

import io.dingrelay.flow.Ticker;
import io.dingrelay.flow.config.WindowBudget;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One in-memory Bucket4j bucket per custom robot. A robot's targets always land on the same partition, consumed by one
 * sender, so a local bucket is exact and costs no round trip. Shaped like every window budget ({@link WindowBudget}):
 * with the defaults at most 6 at once and 12 a minute after that, so no minute — however DingTalk aligns it — sees
 * more than 18. Non-blocking, thread-safe.
 */
public final class RobotBudgets {

    private final WindowBudget shape;
    private final TimeMeter time;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RobotBudgets(WindowBudget shape, Ticker ticker) {
        this.shape = shape;
        this.time = new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                return ticker.nanos();
            }

            @Override
            public boolean isWallClockBased() {
                return false;
            }
        };
    }

    /** One token for {@code robot} now, or how long until it has one. */
    public Take take(String robot, long now) {
        ConsumptionProbe probe = buckets.computeIfAbsent(robot, r -> newBucket()).tryConsumeAndReturnRemaining(1);
        return probe.isConsumed() ? Take.got(now) : Take.waitFor(probe.getNanosToWaitForRefill());
    }

    /**
     * How many sends {@code robot} may make within {@code within} from now: the tokens it has (a full bucket when it has
     * none yet) plus what its bucket refills in that time. An upper bound: it does not hold them.
     */
    public long allowance(String robot, java.time.Duration within) {
        Bucket b = buckets.get(robot);
        long now = b == null ? shape.burst() : Math.max(0, b.getAvailableTokens());
        long refill = (long) Math.floor(shape.refillTokens() * (double) within.toNanos() / shape.refillPeriod().toNanos());
        return now + refill;
    }

    /** The token of a send that did not happen. */
    public void giveBack(String robot) {
        Bucket b = buckets.get(robot);
        if (b != null) {
            b.addTokens(1);
        }
    }

    /** Forgets robots whose bucket is full again (idle for a while): a run touches each robot once. Call it now and then. */
    public int evictIdle() {
        int before = buckets.size();
        buckets.values().removeIf(b -> b.getAvailableTokens() >= shape.burst());
        return before - buckets.size();
    }

    public int size() {
        return buckets.size();
    }

    private Bucket newBucket() {
        return Bucket.builder().withCustomTimePrecision(time)
                .addLimit(Buckets.window(shape).getBandwidths()[0])
                .build();
    }
}
