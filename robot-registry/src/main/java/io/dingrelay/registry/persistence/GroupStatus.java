package io.dingrelay.registry.persistence;

/** A group's state; only ACTIVE groups are in the audience. */
public enum GroupStatus {
    /** Receives pushes. */
    ACTIVE,
    /** Held by an operator; resumed by PATCH {@code "status":"ACTIVE"}. */
    PAUSED,
    /** Stopped by the registry (permanent failure, failures past the window, organisation revoked), with a reason. */
    DISABLED,
    /** Gone from DingTalk (disbanded, uninstalled); kept so a late event cannot resurrect it. */
    REMOVED
}
