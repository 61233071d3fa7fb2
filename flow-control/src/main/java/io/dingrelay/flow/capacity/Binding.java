package io.dingrelay.flow.capacity;

/** The limit that decides how long a run takes (or whether it can finish). */
public enum Binding {
    /** Nothing to send. */
    NONE,
    /** The egress IPs' call budget (10,000 / 20 s each at DingTalk). */
    EGRESS_IP,
    /** One app's OpenAPI QPS (20 / s at DingTalk's standard edition). */
    APP_QPS,
    /** The per-robot 20 / min: only when a run sends several messages to each robot. */
    ROBOT,
    /** The organisation's monthly quota would be exceeded: the run stops before finishing. */
    MONTHLY_QUOTA
}
