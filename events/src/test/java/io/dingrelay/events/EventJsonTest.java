package io.dingrelay.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.dingrelay.events.chat.ChatMessage;
import io.dingrelay.events.ids.AppName;
import io.dingrelay.events.ids.CampaignId;
import io.dingrelay.events.ids.ConversationId;
import io.dingrelay.events.ids.CorpId;
import io.dingrelay.events.ids.EventId;
import io.dingrelay.events.ids.GroupId;
import io.dingrelay.events.ids.MsgId;
import io.dingrelay.events.ids.RunId;
import io.dingrelay.events.push.DeadLetter;
import io.dingrelay.events.push.Delivery;
import io.dingrelay.events.push.DeliveryOutcome;
import io.dingrelay.events.push.DeliveryStatus;
import io.dingrelay.events.push.DeliveryTarget;
import io.dingrelay.events.push.PushBatch;
import io.dingrelay.events.push.PushMessage;
import io.dingrelay.events.registry.GroupKind;
import io.dingrelay.events.robot.RobotEvent;
import io.dingrelay.events.robot.RobotEventKind;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventJsonTest {

    private static final Instant T0 = Instant.parse("2026-11-22T09:00:00Z");

    @Test
    void typedIdsAreWrittenAsPlainStrings() {
        String json = EventJson.write(new DeliveryOutcome(
                RunId.of("run-1"), GroupId.of("g-7"), 2, DeliveryStatus.THROTTLED, "410100", "发送速度太快而限流", T0));

        assertThat(json).isEqualTo("{\"runId\":\"run-1\",\"groupId\":\"g-7\",\"attempt\":2,\"status\":\"THROTTLED\","
                + "\"code\":\"410100\",\"message\":\"发送速度太快而限流\",\"at\":\"2026-11-22T09:00:00Z\"}");
        assertThat(EventJson.read(json, DeliveryOutcome.class).deliveryId()).isEqualTo("run-1:g-7");
    }

    @Test
    void chatMessageRoundTripsWithItsRawBody() throws Exception {
        JsonNode body = EventJson.mapper().readTree("{\"msgId\":\"m1\",\"text\":{\"content\":\" 你好\"}}");
        ChatMessage message = new ChatMessage(MsgId.of("m1"), AppName.of("main"), ConversationId.of("cid1"), "2",
                "测试群", "text", "你好", new ChatMessage.Sender("s1", "杨", "user123", "ding1", null), null, "bot1",
                List.of(new ChatMessage.AtUser("d1", "u1", null)), true,
                "http://localhost/robot/sendBySession?session=x", T0.plusSeconds(5400), T0, T0, body);

        ChatMessage back = EventJson.read(EventJson.write(message), ChatMessage.class);

        assertThat(back).isEqualTo(message);
        assertThat(back.body().at("/text/content").asText()).isEqualTo(" 你好");
        assertThat(back.sessionWebhookUsableAt(T0.plusSeconds(5399))).isTrue();
        assertThat(back.sessionWebhookUsableAt(T0.plusSeconds(5400))).isFalse();
    }

    @Test
    void robotEventsAreKeyedByGroupOrByOrganisation() {
        RobotEvent disband = new RobotEvent(EventId.of("e1"), RobotEventKind.GROUP_DISBANDED, AppName.of("main"),
                CorpId.of("ding1"), ConversationId.of("cid1"), null, null, null, "op", T0);
        RobotEvent revoked = new RobotEvent(EventId.of("e2"), RobotEventKind.ORG_AUTH_REVOKED, AppName.of("main"),
                CorpId.of("ding1"), ConversationId.of("cid1"), null, null, null, null, T0);

        assertThat(disband.key()).isEqualTo("cid1");
        assertThat(revoked.key()).isEqualTo("ding1");
        assertThat(disband.cloudEventType()).isEqualTo("io.dingrelay.robot.group-disbanded.v1");
        assertThat(EventJson.read(EventJson.write(disband), RobotEvent.class)).isEqualTo(disband);
    }

    @Test
    void dingTalkEventTypesNormaliseToKinds() {
        assertThat(RobotEventKind.fromDingTalkEventType("im_cool_app_install")).contains(RobotEventKind.COOL_APP_INSTALLED);
        assertThat(RobotEventKind.fromDingTalkEventType("chat_disband")).contains(RobotEventKind.GROUP_DISBANDED);
        assertThat(RobotEventKind.fromDingTalkEventType("chat_add_member")).isEmpty();
        assertThat(RobotEventKind.fromDingTalkEventType(null)).isEmpty();
    }

    @Test
    void deadLettersKeepTheWholeDelivery() throws Exception {
        JsonNode template = EventJson.mapper().readTree("{\"msgtype\":\"text\",\"text\":{\"content\":\"{{group.title}} 早上好\"}}");
        PushMessage msg = new PushMessage(template, EventJson.mapper().createObjectNode().put("n", "3"), "Asia/Shanghai", T0, null);
        Delivery delivery = new Delivery(RunId.of("r"), CampaignId.of("c"), "p3",
                new DeliveryTarget(GroupId.of("g"), GroupKind.CUSTOM_WEBHOOK, "群", "k1", "enc-webhook", null, null), msg, 5, T0, "-1");
        PushBatch batch = new PushBatch("b1", RunId.of("r"), CampaignId.of("c"), "p3", msg,
                List.of(delivery.target()), T0);

        DeadLetter back = EventJson.read(EventJson.write(new DeadLetter(delivery, "-1", "系统繁忙", 5, T0)), DeadLetter.class);

        assertThat(back.delivery()).isEqualTo(delivery);
        assertThat(back.delivery().deliveryId()).isEqualTo("r:g");
        assertThat(EventJson.read(EventJson.write(batch), PushBatch.class)).isEqualTo(batch);
        assertThat(delivery.target().toString()).doesNotContain("enc-webhook");
    }

    @Test
    void unknownFieldsAreIgnoredButBrokenJsonIsNot() {
        assertThat(EventJson.read("{\"runId\":\"r\",\"groupId\":\"g\",\"attempt\":1,\"status\":\"DELIVERED\","
                + "\"at\":\"2026-11-22T09:00:00Z\",\"addedLater\":true}", DeliveryOutcome.class).status())
                .isEqualTo(DeliveryStatus.DELIVERED);
        assertThatThrownBy(() -> EventJson.read("{\"runId\":", DeliveryOutcome.class))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("DeliveryOutcome");
        assertThatThrownBy(() -> EventJson.read("{\"runId\":\" \"}", DeliveryOutcome.class))
                .isInstanceOf(UncheckedIOException.class);
    }
}
