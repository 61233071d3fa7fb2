package io.dingrelay.chat.delivery;

/** How a reply reached (or failed to reach) the group; the {@code channel} tag of the reply metrics. */
public enum ReplyChannel {
    /** The message's sessionWebhook, with the @-mention. */
    SESSION,
    /** The robot OpenAPI group send, after the session expired or was refused. */
    OPENAPI,
    /** Nothing could be sent (no credentials for the OpenAPI, a limit that did not free up in time). */
    NONE;

    public String tag() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
