package io.dingrelay.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {

    @Test
    void theTopicsAreDerivedFromTheSteps() {
        assertThat(RetrySchedule.topics()).containsExactly("push.retry.30s", "push.retry.5m", "push.retry.15m", "push.retry.1h", "push.retry.4h");
        assertThat(Topics.PUSH_RETRY_TOPICS).isEqualTo(RetrySchedule.topics());
        assertThat(RetrySchedule.topicOf(Duration.ofHours(2))).isEqualTo("push.retry.2h");
        assertThat(RetrySchedule.topicOf(Duration.ofSeconds(90))).isEqualTo("push.retry.90s");
        assertThatThrownBy(() -> RetrySchedule.topicOf(Duration.ofMillis(1500))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void eachFailureWaitsOnTheNextStepUntilTheScheduleIsExhausted() {
        assertThat(RetrySchedule.topicAfter(1)).contains("push.retry.30s");
        assertThat(RetrySchedule.topicAfter(3)).contains("push.retry.15m");
        assertThat(RetrySchedule.topicAfter(5)).contains("push.retry.4h");
        assertThat(RetrySchedule.topicAfter(6)).isEmpty();
        assertThat(RetrySchedule.delayAfter(4)).contains(Duration.ofHours(1));
        assertThat(RetrySchedule.delayAfter(6)).isEmpty();
        assertThatThrownBy(() -> RetrySchedule.topicAfter(0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(RetrySchedule.delayOf("push.retry.5m")).contains(Duration.ofMinutes(5));
        assertThat(RetrySchedule.delayOf("push.batches")).isEmpty();
    }

    @Test
    void aThrottledWaitIsParkedOnTheLongestStepNotLongerThanIt() {
        assertThat(RetrySchedule.topicFor(Duration.ofSeconds(2))).isEqualTo("push.retry.30s");
        assertThat(RetrySchedule.topicFor(Duration.ofMinutes(5))).isEqualTo("push.retry.5m");
        assertThat(RetrySchedule.topicFor(Duration.ofMinutes(10))).isEqualTo("push.retry.5m");
        assertThat(RetrySchedule.topicFor(Duration.ofHours(30))).isEqualTo("push.retry.4h");
    }

    @Test
    void theLastStepOutlastsDingTalksTenMinuteRobotBan() {
        assertThat(RetrySchedule.STEPS.get(RetrySchedule.STEPS.size() - 1)).isGreaterThan(Duration.ofMinutes(10));
        assertThat(RetrySchedule.STEPS).isSorted();
    }
}
