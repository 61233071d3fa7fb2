package io.dingrelay.events.push;

import io.dingrelay.events.ids.CorpId;
import io.dingrelay.events.ids.GroupId;
import io.dingrelay.events.registry.AudienceEntry;
import io.dingrelay.events.registry.GroupKind;
import java.util.Objects;

/**
 * One group a delivery goes to, as the registry's audience stream gave it: a custom robot's credentials encrypted by
 * the registry's key ring (Kafka never holds a webhook token or signing secret in clear), or the OpenAPI coordinates
 * of an enterprise robot or cool app (the app's credentials are the senders' configuration).
 *
 * @param groupId           the registered group
 * @param kind              how it is reached
 * @param title             the group's title (the template's {@code {{group.title}}})
 * @param keyId             the key-ring entry the webhook's ciphertexts were sealed with; null for OpenAPI targets
 * @param webhookCiphertext the encrypted webhook URL (access token included); null for OpenAPI targets
 * @param secretCiphertext  the encrypted 加签 secret; null when the robot does not sign
 * @param openApi           where an OpenAPI target is sent; null for webhooks
 * @param corpId            the group's organisation (the registry knows it for OpenAPI groups), whose monthly send
 *                          quota the delivery uses; null when unknown
 */
public record DeliveryTarget(GroupId groupId, GroupKind kind, String title, String keyId, String webhookCiphertext,
                             String secretCiphertext, AudienceEntry.OpenApi openApi, CorpId corpId) {

    public DeliveryTarget {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(kind, "kind");
    }

    /** A target without a known organisation. */
    public DeliveryTarget(GroupId groupId, GroupKind kind, String title, String keyId, String webhookCiphertext,
            String secretCiphertext, AudienceEntry.OpenApi openApi) {
        this(groupId, kind, title, keyId, webhookCiphertext, secretCiphertext, openApi, null);
    }

    /** The target for one line of the audience stream. */
    public static DeliveryTarget of(AudienceEntry e) {
        AudienceEntry.Webhook w = e.webhook();
        return new DeliveryTarget(e.groupId(), e.kind(), e.title(), w == null ? null : w.keyId(),
                w == null ? null : w.urlCiphertext(), w == null ? null : w.secretCiphertext(), e.openApi(), e.corpId());
    }

    @Override
    public String toString() {
        // Ciphertexts are not secrets, but there is no reason to spread them through logs either.
        return "DeliveryTarget[" + groupId + ", " + kind + "]";
    }
}
