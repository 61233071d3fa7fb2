package io.dingrelay.events.push;

/** What became of one delivery attempt. */
public enum DeliveryStatus {
    /** DingTalk accepted the message (errcode 0). */
    DELIVERED,
    /** DingTalk or our own flow control said "not now"; the delivery waits without counting as failed. */
    THROTTLED,
    /** The attempt failed in a way worth retrying; the delivery went to a retry topic. */
    RETRY_SCHEDULED,
    /** The attempt failed permanently (disbanded group, revoked token, invalid message). */
    FAILED,
    /** Retries were exhausted or the failure was permanent; the delivery is on {@code push.dead-letter}. */
    DEAD_LETTERED
}
