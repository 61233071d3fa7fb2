package io.dingrelay.protocol;

import java.time.Duration;

/**
 * DingTalk's published numbers, each in one place with where it comes from (source IDs refer to
 * {@code dingtalk-protocol.md} §0). Flow control, validation and the simulator read them from here
 * so a changed limit is changed once.
 */
public final class DingTalkLimits {

    private DingTalkLimits() {
    }

    /** A custom group robot may post at most 20 messages per minute (D-CUSTSEND, D-CUSTTUT). */
    public static final int ROBOT_MESSAGES_PER_MINUTE = 20;

    /** The window of {@link #ROBOT_MESSAGES_PER_MINUTE}: one minute. */
    public static final Duration ROBOT_WINDOW = Duration.ofMinutes(1);

    /** Exceeding {@link #ROBOT_MESSAGES_PER_MINUTE} throttles that robot for 10 minutes (D-CUSTSEND). */
    public static final Duration ROBOT_THROTTLE_BAN = Duration.ofMinutes(10);

    /** One egress IP may make 10,000 calls to any DingTalk API per {@link #IP_WINDOW} (D-THROTTLE). */
    public static final int IP_CALLS_PER_WINDOW = 10_000;

    /** The window of {@link #IP_CALLS_PER_WINDOW}: 20 seconds (D-THROTTLE). */
    public static final Duration IP_WINDOW = Duration.ofSeconds(20);

    /** An IP over its budget is banned for 5 minutes, answered by an HTML or {@code punish} page (D-THROTTLE). */
    public static final Duration IP_BAN = Duration.ofMinutes(5);

    /** Standard-edition orgs: 20 calls per second per app and API; above it 90018 / 403 QpsLimit (D-THROTTLE). */
    public static final int APP_QPS = 20;

    /** The window of {@link #APP_QPS}: one second. */
    public static final Duration APP_QPS_WINDOW = Duration.ofSeconds(1);

    /**
     * Webhook and Stream calls an organisation may make per month on the standard edition: 3,000 (5,000 before
     * 2025-11-19); professional bundles 50,000–200,000, add-on packs of 500,000 (D-FREQ, §8). Edition-dependent, so a
     * deployment configures its own; this is the figure to quote, not a default to enforce.
     */
    public static final long STANDARD_EDITION_MONTHLY_QUOTA = 3_000;

    /**
     * A custom-robot webhook body may be at most 20,000 bytes of UTF-8 JSON. Only DingTalk's error
     * messages (460101, "请保持大小在 20000bytes 以内") state it, no official page does (§7 item 7).
     */
    public static final int WEBHOOK_BODY_MAX_BYTES = 20_000;

    /** The OpenAPI {@code msgParam} JSON string may be at most 15,000 bytes (D-GRPSEND). */
    public static final int OPENAPI_MSG_PARAM_MAX_BYTES = 15_000;

    /**
     * Robot callback {@code sign} and custom-robot webhook {@code sign} timestamps must be within one
     * hour of the receiver's clock, either way (D-RCVMSG, D-CUSTSEC).
     */
    public static final Duration SIGNATURE_WINDOW = Duration.ofHours(1);

    /** An app access token lives 7200 s; asking again inside that time returns the same token (D-TOKEN). */
    public static final Duration ACCESS_TOKEN_LIFETIME = Duration.ofSeconds(7200);

    /**
     * A robot callback's {@code sessionWebhook} lasts about 90 minutes. DERIVED, not documented (§3.2): the three
     * official sample callbacks all have {@code sessionWebhookExpiredTime − createAt} ≈ 5,400,000 ms. Only for
     * playing DingTalk (the simulator's default); a receiver must read {@code sessionWebhookExpiredTime}
     * ({@link io.dingrelay.protocol.robot.IncomingRobotMessage#sessionWebhookUsableAt}), never assume this.
     */
    public static final Duration SESSION_WEBHOOK_LIFETIME = Duration.ofMinutes(90);

    /** A text or markdown message may @ at most 50 user ids (D-CUSTSEND). */
    public static final int MAX_AT_USER_IDS = 50;

    /** A custom robot's security settings hold at most 10 keywords (D-CUSTSEC). */
    public static final int MAX_KEYWORDS = 10;

    /**
     * An HTTP event push must be answered within 2.5 s or it counts as failed (D-DEVPUSH). Other pages
     * say 1.5 s for URL validation and 1.2 s for SyncHTTP (§7 item 2): answer well under one second.
     */
    public static final Duration EVENT_PUSH_ACK_DEADLINE = Duration.ofMillis(2500);
}
