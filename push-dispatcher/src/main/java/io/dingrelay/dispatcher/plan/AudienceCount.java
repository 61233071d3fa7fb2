package io.dingrelay.dispatcher.plan;

import io.dingrelay.events.registry.AudienceEntry;
import io.dingrelay.events.registry.GroupKind;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * An audience counted as the capacity plan needs it: targets per kind, OpenAPI targets per app (each app has its own
 * QPS budget), metered sends per organisation (the monthly quota). Not thread-safe: one stream fills it.
 */
final class AudienceCount {

    final Map<GroupKind, Long> byKind = new EnumMap<>(GroupKind.class);
    final Map<String, Long> openApiByApp = new TreeMap<>();
    /** Sends per organisation; webhooks count under {@code webhookCorp} (when configured), as the senders meter them. */
    final Map<String, Long> byCorp = new TreeMap<>();
    long total;
    long webhooks;

    private final String webhookCorp;

    AudienceCount(String webhookCorp) {
        this.webhookCorp = webhookCorp;
        for (GroupKind k : GroupKind.values()) {
            byKind.put(k, 0L);
        }
    }

    void add(AudienceEntry e) {
        total++;
        byKind.merge(e.kind(), 1L, Long::sum);
        String corp = e.corpId() != null ? e.corpId().value() : null;
        if (e.kind() == GroupKind.CUSTOM_WEBHOOK) {
            webhooks++;
            if (corp == null) {
                corp = webhookCorp;
            }
        } else if (e.openApi() != null) {
            openApiByApp.merge(e.openApi().app().value(), 1L, Long::sum);
        }
        if (corp != null) {
            byCorp.merge(corp, 1L, Long::sum);
        }
    }
}
