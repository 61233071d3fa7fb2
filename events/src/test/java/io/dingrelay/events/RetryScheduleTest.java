package io.dingrelay.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {

    @Test
    void theTopicsAreDerivedFromTheSteps() {
        assertThat(RetrySchedule.topics()).containsExactly("push.retry.30s", "push.retry.5m", "push.retry.15m");
        assertThat(Topics.PUSH_RETRY_TOPICS).isEqualTo(RetrySchedule.topics());
        assertThat(RetrySchedule.topicOf(Duration.ofHours(2))).isEqualTo("push.retry.2h");
        assertThat(RetrySchedule.topicOf(Duration.ofSeconds(90))).isEqualTo("push.retry.90s");
        assertThatThrownBy(() -> RetrySchedule.topicOf(Duration.ofMillis(1500))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void eachFailureWaitsOnTheNextStepUntilTheScheduleIsExhausted() {
        assertThat(RetrySchedule.topicAfter(1)).contains("push.retry.30s");
        assertThat(RetrySchedule.topicAfter(3)).contains("push.retry.15m");
        assertThat(RetrySchedule.topicAfter(4)).isEmpty();
        assertThatThrownBy(() -> RetrySchedule.topicAfter(0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(RetrySchedule.delayOf("push.retry.5m")).contains(Duration.ofMinutes(5));
        assertThat(RetrySchedule.delayOf("push.batches")).isEmpty();
    }

    @Test
    void theLastStepOutlastsDingTalksTenMinuteRobotBan() {
        assertThat(RetrySchedule.STEPS.get(RetrySchedule.STEPS.size() - 1)).isGreaterThan(Duration.ofMinutes(10));
        assertThat(RetrySchedule.STEPS).isSorted();
    }
}
