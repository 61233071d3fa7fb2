package io.dingrelay.registry.rest;

import io.dingrelay.events.registry.GroupKind;
import io.dingrelay.registry.persistence.GroupEntity;
import io.dingrelay.registry.persistence.GroupStatus;
import java.time.Instant;
import java.util.List;

/**
 * A group as the admin API shows it: credentials masked ({@code access_token=ab12…9f}, {@code SEC…c3}), never
 * decrypted.
 */
public record GroupView(
        String id,
        GroupKind kind,
        String title,
        List<String> tags,
        GroupStatus status,
        String statusReason,
        String webhook,
        String secret,
        String keyId,
        String app,
        String corpId,
        String openConversationId,
        String robotCode,
        String coolAppCode,
        Instant lastEventAt,
        String lastOutcome,
        Instant lastOutcomeAt,
        Instant lastDeliveredAt,
        String lastErrorCode,
        int consecutiveFailures,
        Instant failingSince,
        Instant createdAt,
        Instant updatedAt,
        long version) {

    public static GroupView of(GroupEntity g) {
        return new GroupView(g.id, g.kind, g.title, g.tags == null ? List.of() : List.of(g.tags), g.status,
                g.statusReason, g.webhookMasked, g.secretMasked, g.cryptoKeyId, g.app, g.corpId, g.openConversationId,
                g.robotCode, g.coolAppCode, g.lastEventAt, g.lastOutcome, g.lastOutcomeAt, g.lastDeliveredAt,
                g.lastErrorCode, g.consecutiveFailures, g.failingSince, g.createdAt, g.updatedAt, g.version);
    }
}
