package io.dingrelay.protocol.answer;

/** What a DingTalk answer means for the delivery that caused it. */
public enum Outcome {
    /** DingTalk accepted the message. */
    DELIVERED,
    /** A rate limit was hit: pause the {@link Scope} for the suggested backoff, then send again. */
    THROTTLED,
    /** Our egress IP is banned (over 10,000 calls / 20 s): pause every call from this IP for 5 minutes. */
    IP_BANNED,
    /** A transient failure (system busy, 5xx, timeout): retry this message later. */
    RETRYABLE,
    /** Retrying cannot help; the {@link Scope} says what is broken (the message, the robot, the group…). */
    PERMANENT
}
