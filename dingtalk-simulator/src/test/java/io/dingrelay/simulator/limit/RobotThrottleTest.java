package io.dingrelay.simulator.limit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RobotThrottleTest {

    @Test
    void slidingWindowThenBanThenFreshWindow() {
        RobotThrottle t = new RobotThrottle();
        long now = 1_000_000;
        for (int i = 0; i < 20; i++) {
            assertThat(t.tryAcquire(now + i * 1000, 20, 600_000)).isEqualTo(RobotThrottle.Decision.ALLOWED);
        }
        assertThat(t.lastMinute(now + 19_000)).isEqualTo(20);
        // 60 s after the first message one slot is free again.
        assertThat(t.tryAcquire(now + 60_000, 20, 600_000)).isEqualTo(RobotThrottle.Decision.ALLOWED);
        assertThat(t.tryAcquire(now + 60_001, 20, 600_000)).isEqualTo(RobotThrottle.Decision.BANNED_NOW);
        assertThat(t.tryAcquire(now + 60_001 + 599_999, 20, 600_000)).isEqualTo(RobotThrottle.Decision.BANNED);
        assertThat(t.tryAcquire(now + 60_001 + 600_000, 20, 600_000)).isEqualTo(RobotThrottle.Decision.ALLOWED);
    }

    @Test
    void shrinkingTheLimitKeepsTheNewestSends() {
        RobotThrottle t = new RobotThrottle();
        for (int i = 0; i < 5; i++) {
            t.tryAcquire(i, 20, 1000);
        }
        assertThat(t.tryAcquire(10, 3, 1000)).isEqualTo(RobotThrottle.Decision.BANNED_NOW);
    }
}
