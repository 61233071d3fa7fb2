package io.dingrelay.dispatcher.digest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dingrelay.events.EventJson;
import io.dingrelay.protocol.DingTalkLimits;
import io.dingrelay.protocol.message.BodySize;
import io.dingrelay.protocol.message.MessageCodec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The digest's text and its split at DingTalk's body limit, read back with the protocol library's strict parser. */
class DigestComposerTest {

    static final Instant T = Instant.parse("2026-12-02T01:00:00Z");

    static DigestComposer.Item markdown(int i, String text) {
        ObjectNode body = (ObjectNode) EventJson.read("{\"msgUuid\":\"r" + i + ":g\",\"msgtype\":\"markdown\",\"markdown\":{\"title\":\"告警 " + i
                + "\",\"text\":" + EventJson.write(text) + "},\"at\":{\"atMobiles\":[\"1380000000" + (i % 2) + "\"]}}", JsonNode.class);
        return new DigestComposer.Item("r" + i, body, T.plusSeconds(i), "Asia/Shanghai");
    }

    @Test
    void messagesAreMergedInOrderIntoOneMarkdownDigestWithEveryoneTheyCalled() {
        List<DigestComposer.Item> items = List.of(markdown(1, "ALERT-1 CPU 95%"), markdown(2, "ALERT-2 磁盘满"),
                new DigestComposer.Item("r3", (ObjectNode) EventJson.read("{\"msgtype\":\"text\",\"text\":{\"content\":\"ALERT-3 恢复\"}}",
                        JsonNode.class), T.plusSeconds(3), "Asia/Shanghai"));

        List<DigestComposer.Part> parts = new DigestComposer().compose(items);

        assertThat(parts).hasSize(1);
        DigestComposer.Part p = parts.get(0);
        assertThat(p.digest()).isTrue();
        assertThat(p.items()).extracting(DigestComposer.Item::key).containsExactly("r1", "r2", "r3");
        String text = p.body().path("markdown").path("text").asText();
        assertThat(text).startsWith("#### 消息汇总：3 条（2026-12-02 09:00 – 09:00:03）");
        assertThat(text.indexOf("ALERT-1")).isLessThan(text.indexOf("ALERT-2"));
        assertThat(text.indexOf("ALERT-2")).isLessThan(text.indexOf("ALERT-3"));
        assertThat(text).contains("**09:00:01** 告警 1");
        assertThat(p.body().path("markdown").path("title").asText()).isEqualTo("消息汇总 3 条");
        assertThat(p.body().path("at").path("atMobiles").toString()).isEqualTo("[\"13800000001\",\"13800000000\"]");
        // DingTalk's own rules: a valid markdown message within the body limit
        BodySize.check(MessageCodec.parse(EventJson.write(p.body())));
    }

    @Test
    void aBacklogLargerThanTheBodyLimitIsSplitAndEveryMessageIsInExactlyOnePart() {
        List<DigestComposer.Item> items = new ArrayList<>();
        for (int i = 1; i <= 30; i++) {
            items.add(markdown(i, "ALERT-" + i + "-END " + "详".repeat(900))); // ~2.7 KB each: ~7 per digest
        }

        List<DigestComposer.Part> parts = new DigestComposer().compose(items);

        assertThat(parts.size()).isBetween(4, 6);
        List<String> keys = new ArrayList<>();
        for (DigestComposer.Part p : parts) {
            keys.addAll(p.items().stream().map(DigestComposer.Item::key).toList());
            int bytes = EventJson.write(p.body()).getBytes(StandardCharsets.UTF_8).length;
            assertThat(bytes).isLessThanOrEqualTo(DingTalkLimits.WEBHOOK_BODY_MAX_BYTES - DigestComposer.RESERVE);
            for (DigestComposer.Item it : p.items()) {
                assertThat(p.body().path("markdown").path("text").asText()).contains(it.key().replace("r", "ALERT-") + "-END");
            }
        }
        assertThat(keys).containsExactlyElementsOf(items.stream().map(DigestComposer.Item::key).toList());
    }

    @Test
    void aMessageTooLargeToShareADigestGoesOnItsOwnAsItWas() {
        DigestComposer.Item big = markdown(2, "ALERT-2 " + "长".repeat(6_500)); // 19.5 KB: fits alone, not with others
        List<DigestComposer.Part> parts = new DigestComposer().compose(List.of(markdown(1, "ALERT-1"), big, markdown(3, "ALERT-3")));

        assertThat(parts).hasSize(3);
        assertThat(parts.get(1).digest()).isFalse();
        assertThat(parts.get(1).body()).isSameAs(big.body());
        assertThat(parts.get(0).items()).extracting(DigestComposer.Item::key).containsExactly("r1");
        assertThat(parts.get(2).items()).extracting(DigestComposer.Item::key).containsExactly("r3");
    }
}
