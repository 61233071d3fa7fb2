package io.dingrelay.dispatcher.service;

import io.dingrelay.events.registry.GroupKind;
import java.util.List;

/**
 * Who a campaign reaches, as the registry's audience API selects (GUIDE contract 5): groups with ANY of the tags,
 * or these group ids, optionally of one kind; all empty = every active group.
 */
public record Audience(List<String> tags, List<String> groupIds, GroupKind kind) {

    public Audience {
        tags = tags == null ? List.of() : List.copyOf(tags);
        groupIds = groupIds == null ? List.of() : List.copyOf(groupIds);
    }

    public static Audience all() {
        return new Audience(List.of(), List.of(), null);
    }
}
