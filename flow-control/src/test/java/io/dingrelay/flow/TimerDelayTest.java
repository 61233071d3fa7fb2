package io.dingrelay.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.dingrelay.flow.config.FlowLimits;
import io.dingrelay.flow.config.WindowBudget;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A wait inside {@link FlowControl#acquire} is a Mutiny delay, which in Quarkus runs on a Vert.x timer, and Vert.x
 * refuses a delay under 1 ms (the flow's scheduler here is the test's, not Mutiny's global one). A token due in 300 µs must therefore be waited for as a 1 ms timer: the test's
 * scheduler refuses sub-millisecond delays as Vert.x does, and moves the fake clock by each delay it is asked for.
 */
class TimerDelayTest {

    final FakeTicker ticker = new FakeTicker();
    final List<Long> delaysNanos = new CopyOnWriteArrayList<>();
    /** Schedules like Vert.x: a delay under 1 ms is an IllegalArgumentException; a delay moves the fake clock. */
    final ScheduledExecutorService vertxLike = new ScheduledThreadPoolExecutor(1) {
        @Override
        public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            long nanos = unit.toNanos(delay);
            if (nanos < 1_000_000L) {
                throw new IllegalArgumentException("Cannot schedule a timer with delay < 1 ms");
            }
            delaysNanos.add(nanos);
            ticker.advance(Duration.ofNanos(nanos));
            return super.schedule(command, 0, TimeUnit.NANOSECONDS);
        }
    };

    @AfterEach
    void back() {
        vertxLike.shutdownNow();
    }

    @Test
    void aWaitUnderOneMillisecondIsATimerOfOneMillisecond() {
        // a robot with 2 at once and 58 more per minute: a token every ~1.03 s
        WindowBudget robot = new WindowBudget(60, Duration.ofMinutes(1), 2, Duration.ZERO, 1);
        FlowControl flow = FlowControl.builder(FlowLimits.defaults().withRobot(robot)).ticker(ticker).scheduler(vertxLike).build();
        SendScopes scopes = SendScopes.webhook("robot-timer", null);
        assertThat(flow.acquire(scopes, Duration.ZERO).await().indefinitely().isGranted()).isTrue();
        assertThat(flow.acquire(scopes, Duration.ZERO).await().indefinitely().isGranted()).isTrue();
        Permit empty = flow.acquire(scopes, Duration.ZERO).await().indefinitely();
        assertThat(empty.isGranted()).isFalse();
        // the next token is due in 300 µs
        ticker.advance(empty.retryAfter().minusNanos(300_000));

        Permit p = flow.acquire(scopes, Duration.ofSeconds(1)).await().atMost(Duration.ofSeconds(10));

        assertThat(p.isGranted()).isTrue();
        assertThat(delaysNanos).containsExactly(1_000_000L);
    }

    @Test
    void delaysAreWholeMillisecondsRoundedUp() {
        assertThat(FlowControl.timerDelay(0)).isEqualTo(Duration.ofMillis(1));
        assertThat(FlowControl.timerDelay(1)).isEqualTo(Duration.ofMillis(1));
        assertThat(FlowControl.timerDelay(999_999)).isEqualTo(Duration.ofMillis(1));
        assertThat(FlowControl.timerDelay(1_000_001)).isEqualTo(Duration.ofMillis(2));
        assertThat(FlowControl.timerDelay(250_000_000)).isEqualTo(Duration.ofMillis(250));
    }
}
