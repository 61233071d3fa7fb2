package io.dingrelay.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicsTest {

    @Test
    void retryAndDeadLetterTopicsKeepThePartitionCountOfBatches() {
        Map<String, Integer> all = Topics.all();

        assertThat(all).containsKeys(Topics.DINGTALK_EVENTS, Topics.ROBOT_EVENTS, Topics.CHAT_MESSAGES,
                Topics.PUSH_BATCHES, Topics.PUSH_DEAD_LETTER, Topics.PUSH_OUTCOMES, Topics.SCREENSHOT_REQUESTS,
                Topics.SCREENSHOT_READY);
        Topics.PUSH_RETRY_TOPICS.forEach(t -> assertThat(all.get(t)).isEqualTo(all.get(Topics.PUSH_BATCHES)));
        assertThat(all.get(Topics.PUSH_DEAD_LETTER)).isEqualTo(all.get(Topics.PUSH_BATCHES));
    }

    @Test
    void cloudEventHeadersRoundTrip() {
        CloudEvent event = new CloudEvent("e1", "/dingrelay/callback-gateway/apps/main",
                CloudEventTypes.DINGTALK_EVENT, "chat_disband", Instant.parse("2026-11-22T01:00:00Z"));

        Map<String, String> headers = event.headers();

        assertThat(headers).containsEntry("ce_specversion", "1.0").containsEntry("ce_id", "e1")
                .containsEntry("ce_subject", "chat_disband").containsEntry("content-type", "application/json");
        assertThat(CloudEvent.fromHeaders(headers::get)).isEqualTo(event);
        assertThat(CloudEvent.fromHeaders(name -> null)).isNull();
    }
}
