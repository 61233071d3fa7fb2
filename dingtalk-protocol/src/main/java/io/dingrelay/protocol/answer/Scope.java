package io.dingrelay.protocol.answer;

/**
 * What an {@link Outcome} applies to, so a ban or a failure pauses or disables exactly that and no
 * more (design.md "a ban that happens anyway pauses exactly the scope it covers").
 */
public enum Scope {
    /** Only this message (its content, size, format). */
    MESSAGE,
    /** The robot / webhook: its token, its security settings, its per-minute budget. */
    ROBOT,
    /** The group: e.g. disbanded. */
    GROUP,
    /** The DingTalk app (appKey): its QPS budget or credentials. */
    APP,
    /** The organisation: its monthly call quota. */
    ORG,
    /** Our egress IP address. */
    IP
}
