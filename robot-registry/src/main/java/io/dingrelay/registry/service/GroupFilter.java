package io.dingrelay.registry.service;

import io.dingrelay.events.registry.GroupKind;
import io.dingrelay.registry.persistence.GroupStatus;

/** Filters of {@code GET /api/groups}; every one optional, combined with AND. */
public record GroupFilter(GroupStatus status, GroupKind kind, String tag, String corpId, String text,
        String openConversationId, String app) {
}
