package io.dingrelay.registry.service;

import io.dingrelay.events.registry.GroupKind;
import java.util.List;

/**
 * {@code POST /api/groups} body. For {@code CUSTOM_WEBHOOK} (the default kind): {@code title} (or {@code name}),
 * {@code webhook}, optional {@code secret}, {@code tags}. For {@code ENTERPRISE_ROBOT} / {@code COOL_APP} (a group
 * the robot joined before DingRelay ran): {@code app}, {@code openConversationId}, {@code robotCode} and for cool
 * apps {@code coolAppCode}, optional {@code corpId}, {@code title}, {@code tags}.
 */
public record OpenApiGroupRequest(GroupKind kind, String title, String name, String webhook, String secret,
        List<String> tags, String app, String corpId, String openConversationId, String robotCode,
        String coolAppCode) {

    @Override
    public String toString() {
        return "RegisterGroup[" + kind + "]";
    }
}
