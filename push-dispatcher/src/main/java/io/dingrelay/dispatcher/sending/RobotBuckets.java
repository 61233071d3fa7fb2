package io.dingrelay.dispatcher.sending;

import io.dingrelay.dispatcher.config.PushConfig;
import io.dingrelay.flow.Ticker;
import io.dingrelay.flow.budget.RobotBudgets;
import io.dingrelay.flow.budget.Take;
import io.dingrelay.flow.config.FlowLimits;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * The per-robot budget of custom-robot webhooks: {@code dingrelay.push.limits.robot-per-minute} (18 by default,
 * DingTalk's 20 less a margin: the 21st message in a minute bans the robot for 10 minutes), kept by flow-control's
 * {@link RobotBudgets}. Its buckets are shaped so that no minute, however DingTalk aligns it, sees more than the
 * limit (a third as burst, the rest refilled over the minute); a plain bucket of capacity 18 refilled 18 a minute
 * lets 36 through one minute and gets the robot banned. A robot's targets always land on the same partition
 * ({@link io.dingrelay.dispatcher.planning.Partitioning}), so its bucket lives in exactly one consumer and a local
 * bucket is exact. A send without a token waits for the refill instead of being sent and banned; other robots' sends
 * go on meanwhile.
 */
@ApplicationScoped
public class RobotBuckets {

    private final RobotBudgets budgets;
    private final Counter waits;

    public RobotBuckets(PushConfig config, MeterRegistry meters) {
        this.budgets = new RobotBudgets(FlowLimits.from(config.limits()).robot(), Ticker.SYSTEM);
        this.waits = Counter.builder("dingrelay.push.throttle.waits").tag("scope", "robot")
                .description("Sends that waited for their robot's token bucket").register(meters);
    }

    /** Completes when the robot may send one message (at once, or after the bucket's refill). */
    public Uni<Void> acquire(String robot) {
        Take take = budgets.take(robot, Ticker.SYSTEM.nanos());
        if (take.got()) {
            return Uni.createFrom().voidItem();
        }
        waits.increment();
        return Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofNanos(take.waitNanos()))
                .chain(() -> acquire(robot));
    }

    /** Forgets full buckets (robots idle for a while): a run touches each robot once, the map must not keep them all. */
    @Scheduled(every = "60s")
    void evictIdle() {
        budgets.evictIdle();
    }

    int size() {
        return budgets.size();
    }
}
