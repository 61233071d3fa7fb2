package io.dingrelay.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.dingrelay.events.CloudEvent;
import io.dingrelay.events.CloudEventTypes;
import io.dingrelay.events.EventJson;
import io.dingrelay.events.ids.DashboardId;
import io.dingrelay.events.screenshot.ScreenshotRequest;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

class CloudEventRecordsTest {

    private static final ScreenshotRequest PAYLOAD = new ScreenshotRequest(DashboardId.of("d1"), "r1", 800, 600,
            Instant.parse("2026-12-01T00:00:00Z"));
    private static final CloudEvent EVENT = new CloudEvent("r1", "/dingrelay/push-dispatcher",
            CloudEventTypes.SCREENSHOT_REQUEST, null, Instant.parse("2026-12-01T00:00:01Z"));

    @Test
    void headersAreThoseOfTheEventInItsOrder() {
        for (CloudEvent ce : List.of(
                new CloudEvent("msg1", "/dingrelay/callback-gateway/apps/main", CloudEventTypes.CHAT_MESSAGE, "cid1", Instant.now()),
                new CloudEvent("ev1", "/dingrelay/callback-gateway/apps/二", CloudEventTypes.DINGTALK_EVENT, null,
                        Instant.parse("2026-11-22T10:00:00Z")))) {
            List<String> expected = new ArrayList<>();
            ce.headerBytes().forEach((k, v) -> expected.add(k + "=" + new String(v, StandardCharsets.UTF_8)));

            assertThat(strings(CloudEventRecords.headers(ce))).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void aProducerRecordCarriesTopicKeyHeadersAndTheJsonPayload() {
        ProducerRecord<String, byte[]> record = CloudEventRecords.record("screenshot.requests", "d1", EVENT, PAYLOAD);

        assertThat(record.topic()).isEqualTo("screenshot.requests");
        assertThat(record.key()).isEqualTo("d1");
        assertThat(record.partition()).isNull();
        assertThat(EventJson.read(new String(record.value(), StandardCharsets.UTF_8), ScreenshotRequest.class)).isEqualTo(PAYLOAD);
        assertThat(CloudEvent.fromHeaders(name -> lastHeader(record.headers(), name))).isEqualTo(EVENT);
    }

    @Test
    void aMessageCarriesKeyHeadersAndTopicOnlyWhenGiven() {
        Message<String> onChannelTopic = CloudEventRecords.message(null, "d1", EVENT, PAYLOAD);
        Message<String> onRetryStep = CloudEventRecords.message("push.retry.30s", "d1", EVENT, PAYLOAD);

        OutgoingKafkaRecordMetadata<?> meta = metadata(onChannelTopic);
        assertThat(meta.getKey()).isEqualTo("d1");
        assertThat(meta.getTopic()).isNull();
        assertThat(CloudEvent.fromHeaders(name -> lastHeader(meta.getHeaders(), name))).isEqualTo(EVENT);
        assertThat(EventJson.read(onChannelTopic.getPayload(), ScreenshotRequest.class)).isEqualTo(PAYLOAD);
        assertThat(metadata(onRetryStep).getTopic()).isEqualTo("push.retry.30s");
        assertThat(meta.getPartition()).isEqualTo(-1);
        assertThat(metadata(CloudEventRecords.message(null, 7, "d1", EVENT, PAYLOAD)).getPartition()).isEqualTo(7);
    }

    private static OutgoingKafkaRecordMetadata<?> metadata(Message<String> m) {
        return m.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow();
    }

    private static String lastHeader(Iterable<Header> headers, String name) {
        String value = null;
        for (Header h : headers) {
            if (h.key().equals(name)) {
                value = new String(h.value(), StandardCharsets.UTF_8);
            }
        }
        return value;
    }

    private static List<String> strings(Iterable<Header> headers) {
        List<String> out = new ArrayList<>();
        for (Header h : headers) {
            out.add(h.key() + "=" + new String(h.value(), StandardCharsets.UTF_8));
        }
        return out;
    }
}
