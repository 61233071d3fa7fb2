package io.dingrelay.gateway.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RobotSeenTrackerTest {

    final RobotSeenTracker seen = new RobotSeenTracker(Duration.ofHours(1), 1000);

    @Test
    void aGroupIsAnnouncedOncePerWindow() {
        assertThat(seen.shouldAnnounce("g1")).isTrue();
        seen.settle("g1", true);
        assertThat(seen.shouldAnnounce("g1")).isFalse();
        assertThat(seen.shouldAnnounce("g2")).isTrue();
    }

    @Test
    void aFailedAnnouncementIsRetriedWithTheNextMessage() {
        assertThat(seen.shouldAnnounce("g3")).isTrue();
        seen.settle("g3", false);
        assertThat(seen.shouldAnnounce("g3")).isTrue();
    }
}
