package io.dingrelay.events.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dingrelay.events.EventJson;
import io.dingrelay.events.ids.AppName;
import io.dingrelay.events.ids.ConversationId;
import io.dingrelay.events.ids.CorpId;
import io.dingrelay.events.ids.GroupId;
import io.dingrelay.events.ids.RobotCode;
import java.io.UncheckedIOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The audience line is contract 5 of the session guide, byte for byte, nulls included. */
class AudienceEntryTest {

    @Test
    void webhookLineIsTheContractShape() {
        AudienceEntry entry = new AudienceEntry(GroupId.of("g-1"), GroupKind.CUSTOM_WEBHOOK, "运维群", List.of("ops"),
                null, new AudienceEntry.Webhook("k1", "Y2lwaGVy", null), null);

        String json = EventJson.write(entry);

        assertThat(json).isEqualTo("{\"groupId\":\"g-1\",\"kind\":\"CUSTOM_WEBHOOK\",\"title\":\"运维群\","
                + "\"tags\":[\"ops\"],\"corpId\":null,"
                + "\"webhook\":{\"keyId\":\"k1\",\"urlCiphertext\":\"Y2lwaGVy\",\"secretCiphertext\":null},"
                + "\"openApi\":null}");
        assertThat(EventJson.read(json, AudienceEntry.class)).isEqualTo(entry);
    }

    @Test
    void openApiLineIsTheContractShape() {
        AudienceEntry entry = new AudienceEntry(GroupId.of("g-2"), GroupKind.ENTERPRISE_ROBOT, "销售群", List.of(),
                CorpId.of("ding-corp"), null, new AudienceEntry.OpenApi(AppName.of("demo"), RobotCode.of("ding-robot"),
                null, ConversationId.of("cid-2")));

        String json = EventJson.write(entry);

        assertThat(json).isEqualTo("{\"groupId\":\"g-2\",\"kind\":\"ENTERPRISE_ROBOT\",\"title\":\"销售群\","
                + "\"tags\":[],\"corpId\":\"ding-corp\",\"webhook\":null,"
                + "\"openApi\":{\"app\":\"demo\",\"robotCode\":\"ding-robot\",\"coolAppCode\":null,"
                + "\"openConversationId\":\"cid-2\"}}");
        assertThat(EventJson.read(json, AudienceEntry.class)).isEqualTo(entry);
    }

    @Test
    void coolAppLineCarriesItsCode() {
        AudienceEntry entry = new AudienceEntry(GroupId.of("g-3"), GroupKind.COOL_APP, "t", null, CorpId.of("c"),
                null, new AudienceEntry.OpenApi(AppName.of("demo"), RobotCode.of("r"), "COOLAPP-1",
                ConversationId.of("cid-3")));

        AudienceEntry back = EventJson.read(EventJson.write(entry), AudienceEntry.class);

        assertThat(back).isEqualTo(entry);
        assertThat(back.tags()).isEmpty();
        assertThat(back.openApi().coolAppCode()).isEqualTo("COOLAPP-1");
    }

    @Test
    void aLineWithoutItsTargetIsRefusedAndToStringHidesCiphertexts() {
        assertThatThrownBy(() -> EventJson.read("{\"groupId\":\"g\",\"kind\":\"CUSTOM_WEBHOOK\",\"webhook\":null}",
                AudienceEntry.class)).isInstanceOf(UncheckedIOException.class);
        assertThatThrownBy(() -> EventJson.read("{\"groupId\":\"g\",\"kind\":\"COOL_APP\"}", AudienceEntry.class))
                .isInstanceOf(UncheckedIOException.class);
        assertThat(new AudienceEntry.Webhook("k1", "Y2lwaGVy", "c2Vj").toString())
                .doesNotContain("Y2lwaGVy").doesNotContain("c2Vj");
    }
}
