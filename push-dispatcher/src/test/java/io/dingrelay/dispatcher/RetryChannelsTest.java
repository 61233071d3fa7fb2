package io.dingrelay.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.dingrelay.dispatcher.messaging.BatchConsumer;
import io.dingrelay.events.RetrySchedule;
import io.dingrelay.events.Topics;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.junit.jupiter.api.Test;

/**
 * The retry channels follow events' RetrySchedule: one channel per step, reading exactly that step's topic, each with
 * its consumer method, so a new step cannot be written to a topic nobody reads.
 */
class RetryChannelsTest {

    @Test
    void everyStepOfTheScheduleHasItsChannelAndConsumer() throws Exception {
        Properties p = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/application.properties")) {
            p.load(in);
        }
        List<String> channels = Arrays.stream(BatchConsumer.class.getMethods())
                .filter(m -> m.isAnnotationPresent(Incoming.class)).map(m -> m.getAnnotation(Incoming.class).value())
                .filter(c -> c.startsWith("retry-")).sorted().toList();
        List<String> topics = channels.stream().map(c -> p.getProperty("mp.messaging.incoming." + c + ".topic")).sorted().toList();
        assertThat(topics).containsExactlyInAnyOrderElementsOf(RetrySchedule.topics());
        assertThat(Topics.all().keySet()).containsAll(RetrySchedule.topics());
        for (String c : channels) {
            assertThat(p.getProperty("mp.messaging.incoming." + c + ".group.id")).isEqualTo("push-dispatcher-senders");
            assertThat(p.getProperty("mp.messaging.incoming." + c + ".batch")).isEqualTo("true");
            // A retry record is held unacknowledged until it is due (about its step, ±20 % jitter, behind the poll
            // before it): the throttled commit's default 60 s limit failed the channel for good (the drill's
            // TooManyMessagesWithoutAckException on push.retry.30s, every retry after it lost).
            // A topic carries every wait from its step up to the next step (RetrySchedule.topicFor), the last one its
            // step with 20 % jitter; a record may also wait behind the poll before it: twice that, + a minute.
            java.time.Duration step = RetrySchedule.delayOf(p.getProperty("mp.messaging.incoming." + c + ".topic")).orElseThrow();
            int i = RetrySchedule.STEPS.indexOf(step);
            long longestHold = i + 1 < RetrySchedule.STEPS.size() ? RetrySchedule.STEPS.get(i + 1).toMillis() : step.toMillis() * 6 / 5;
            String maxAge = p.getProperty("mp.messaging.incoming." + c + ".throttled.unprocessed-record-max-age.ms");
            assertThat(maxAge).as(c + " throttled.unprocessed-record-max-age.ms").isNotNull();
            assertThat(Long.parseLong(maxAge)).as(c + " max age against its longest hold").isGreaterThanOrEqualTo(2 * longestHold + 60_000);
        }
        // the senders publish to any step's topic through one emitter, which accepts exactly those
        assertThat(Arrays.stream(BatchConsumer.class.getMethods()).map(Method::getName)).contains("onRetry30s", "onRetry4h");
    }
}
