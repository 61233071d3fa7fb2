package io.dingrelay.events.registry;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.dingrelay.events.ids.AppName;
import io.dingrelay.events.ids.ConversationId;
import io.dingrelay.events.ids.CorpId;
import io.dingrelay.events.ids.GroupId;
import io.dingrelay.events.ids.RobotCode;
import java.util.List;
import java.util.Objects;

/**
 * One line of the registry's audience stream ({@code GET /api/audience}, {@code application/x-ndjson}): an
 * ACTIVE group with what a sender needs to reach it. Credentials travel as ciphertexts of the shared key ring
 * only; the dispatcher decrypts them with the {@code keyring} module.
 *
 * <p>Nulls are written (not omitted as elsewhere in {@code EventJson}): the contract's lines always carry every
 * field, so a reader can tell "no secret" from "an older registry that did not send it".
 *
 * @param groupId the registry's id of the group; the stream is ordered by it
 * @param kind    how the group is reached; {@link #webhook} is set for {@link GroupKind#CUSTOM_WEBHOOK},
 *                {@link #openApi} for the other kinds
 * @param title   the group's title (the operator's name for a webhook)
 * @param tags    the group's tags, sorted; never null
 * @param corpId  the organisation of an OpenAPI group; null for webhooks
 * @param webhook the encrypted webhook of a custom robot, or null
 * @param openApi where an enterprise robot or cool app sends, or null
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record AudienceEntry(
        GroupId groupId,
        GroupKind kind,
        String title,
        List<String> tags,
        CorpId corpId,
        Webhook webhook,
        OpenApi openApi) {

    public AudienceEntry {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(kind, "kind");
        tags = tags == null ? List.of() : List.copyOf(tags);
        if (kind == GroupKind.CUSTOM_WEBHOOK && webhook == null) {
            throw new IllegalArgumentException("a CUSTOM_WEBHOOK entry needs its webhook");
        }
        if (kind.openApi() && openApi == null) {
            throw new IllegalArgumentException("a " + kind + " entry needs its openApi target");
        }
    }

    /**
     * A custom robot's credentials, sealed by the key ring.
     *
     * @param keyId            the key-ring entry both were sealed with
     * @param urlCiphertext    the webhook URL (access token inside)
     * @param secretCiphertext the 加签 secret ({@code SEC…}); null when the robot does not sign
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Webhook(String keyId, String urlCiphertext, String secretCiphertext) {

        public Webhook {
            Objects.requireNonNull(keyId, "keyId");
            Objects.requireNonNull(urlCiphertext, "urlCiphertext");
        }

        @Override
        public String toString() {
            // Ciphertexts are not secrets, but there is no reason to spread them through logs either.
            return "Webhook[keyId=" + keyId + ", signed=" + (secretCiphertext != null) + "]";
        }
    }

    /**
     * Where an OpenAPI group is sent to ({@code POST /v1.0/robot/groupMessages/send}, dingtalk-protocol.md §5),
     * with the credentials of the configured app {@code app}.
     *
     * @param app                the configured DingTalk app (its appKey/appSecret live in the senders' config)
     * @param robotCode          the robot that sends
     * @param coolAppCode        the cool app, for {@link GroupKind#COOL_APP}; null otherwise
     * @param openConversationId the group
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record OpenApi(AppName app, RobotCode robotCode, String coolAppCode, ConversationId openConversationId) {

        public OpenApi {
            Objects.requireNonNull(app, "app");
            Objects.requireNonNull(openConversationId, "openConversationId");
        }
    }
}
