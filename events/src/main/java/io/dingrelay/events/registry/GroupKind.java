package io.dingrelay.events.registry;

/** How a registered group is reached (the registry's {@code groups.kind}). */
public enum GroupKind {
    /** A custom robot's webhook URL (access token inside) and optional 加签 secret, registered by an operator. */
    CUSTOM_WEBHOOK,
    /** An enterprise (app) robot in the group, sent to through the OpenAPI with the app's credentials. */
    ENTERPRISE_ROBOT,
    /** A cool app installed in the group, sent to through the OpenAPI with the app's credentials. */
    COOL_APP;

    /** Whether groups of this kind are sent to through the OpenAPI (no per-group credential). */
    public boolean openApi() {
        return this != CUSTOM_WEBHOOK;
    }
}
