package io.dingrelay.registry.service;

import io.dingrelay.events.registry.GroupKind;
import io.dingrelay.registry.persistence.GroupStatus;
import java.time.Instant;

/** The part of a group robot events decide, loaded, folded by {@link GroupLifecycle} and written back. */
public final class GroupState {

    public String id;
    public boolean isNew;
    public boolean changed;
    public GroupKind kind;
    public GroupStatus status;
    public String statusReason;
    public String app;
    public String corpId;
    public String openConversationId;
    public String robotCode;
    public String coolAppCode;
    public String title;
    public Instant lastEventAt;

    /** Key of a group learnt from events: one row per app and conversation. */
    public static String key(String app, String conversation) {
        return app + "\u0000" + conversation;
    }

    public String key() {
        return key(app, openConversationId);
    }
}
