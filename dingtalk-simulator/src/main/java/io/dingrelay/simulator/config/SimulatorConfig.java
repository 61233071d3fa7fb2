package io.dingrelay.simulator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Everything the simulator reads from configuration under {@code simulator.*}. Limits left unset take
 * DingTalk's published values from {@code io.dingrelay.protocol.DingTalkLimits}, so a limit is written
 * down once; every limit can also be changed while running through {@code PUT /sim/limits}.
 */
@ConfigMapping(prefix = "simulator")
public interface SimulatorConfig {

    /**
     * Base URL of the webhooks and sessionWebhooks this simulator hands out (e.g. {@code http://localhost:8090}).
     * Unset: the base URL of the admin request that creates them, which is right for tests on a random port.
     */
    Optional<String> publicUrl();

    /** Where callbacks go: {@code ${gateway-url}/dingtalk/apps/<app>/events} and {@code .../robot}. */
    @WithDefault("http://localhost:8081")
    String gatewayUrl();

    /**
     * Header that names the client IP (e.g. {@code X-Forwarded-For}, first entry wins). Unset: the socket's
     * remote address, as DingTalk sees it. Tests and load runs set it to play several egress IPs from one host.
     */
    Optional<String> clientIpHeader();

    /** The corpId put into event pushes and robot callbacks. */
    @WithDefault("dingsimcorp0a1b2c3d4e5f")
    String corpId();

    /** Largest request body read at all; larger ones get HTTP 413 before any DingTalk check. */
    @WithDefault("1048576")
    int maxRequestBytes();

    /** Limits at start-up; see {@link LimitsConfig}. */
    LimitsConfig limits();

    /** What is kept of each group's messages. */
    HistoryConfig history();

    /** Robot callbacks and event pushes sent to the gateway. */
    CallbacksConfig callbacks();

    /** DingTalk's Stream side (dingtalk-protocol.md §6): tickets, the WebSocket endpoint, ACKs and redelivery. */
    StreamConfig stream();

    interface LimitsConfig {
        /** Enforce the per-robot messages-per-minute limit and its ban. */
        @WithDefault("true")
        boolean robotEnabled();

        /** Messages one custom robot may send per minute; default DingTalk's 20. */
        OptionalInt robotPerMinute();

        /** How long a robot over its per-minute limit stays throttled; default DingTalk's 10 minutes. */
        Optional<Duration> robotBan();

        /** Errcode of a throttled robot: 410100 (documented) or 130101 (seen in the wild). */
        @WithDefault("410100")
        int robotThrottleErrcode();

        /** Errcode for a missing, unknown or revoked access_token: 300001 (seen in the wild) or 400101 (documented). */
        @WithDefault("300001")
        int tokenErrcode();

        /** Enforce the per-client-IP call budget and its ban. */
        @WithDefault("true")
        boolean ipEnabled();

        /** Calls one client IP may make per {@link #ipWindow()}; default DingTalk's 10,000. */
        OptionalInt ipCalls();

        /** Window of {@link #ipCalls()}; default DingTalk's 20 seconds. */
        Optional<Duration> ipWindow();

        /** Ban of an IP over its budget; default DingTalk's 5 minutes. */
        Optional<Duration> ipBan();

        /** Body of the IP-ban answer: {@code json} (the {@code punish} JSON) or {@code html} (the block page). */
        @WithDefault("json")
        String ipBanBody();

        /** Enforce the OpenAPI per-app-and-API QPS limit. */
        @WithDefault("true")
        boolean appQpsEnabled();

        /** OpenAPI calls per second per app and API; default DingTalk's 20 (standard edition). */
        OptionalInt appQps();

        /** Lifetime of a robot callback's sessionWebhook; default DingTalk's, about 90 minutes (derived, see DingTalkLimits). */
        Optional<Duration> sessionLifetime();

        /** Lifetime of an OpenAPI access token; default DingTalk's 7200 s. */
        Optional<Duration> accessTokenLifetime();
    }

    interface HistoryConfig {
        /** Messages kept per group (newest win); counters are kept regardless. */
        @WithDefault("20")
        int perGroup();

        /** Messages kept across all groups; the oldest go first. Bounds memory with 300,000 groups. */
        @WithDefault("100000")
        int total();

        /** Remembered msgUuids and body hashes per group for duplicate detection within a run. */
        @WithDefault("256")
        int duplicateMemory();
    }

    interface CallbacksConfig {
        /** Timeout of one callback request to the gateway. */
        @WithDefault("PT10S")
        Duration timeout();
    }

    interface StreamConfig {
        /**
         * The {@code endpoint} answered by {@code /v1.0/gateway/connections/open}. Unset: {@code ws://} (or
         * {@code wss://} when the open call came over HTTPS) plus the host the open call was addressed to, plus
         * {@code /connect}, the path DingTalk's Java SDK always uses (§6.2).
         */
        Optional<String> endpoint();

        /** How long a ticket may wait before its WebSocket connects; DingTalk's 90 s (§6.1), on the simulated clock. */
        @WithDefault("90s")
        Duration ticketLifetime();

        /**
         * How long an EVENT frame may stay un-ACKed before it is redelivered (and counted as {@code timeout}).
         * DingTalk's Stream deadline is about 3 s (§8); 5 s leaves a loaded test machine room.
         */
        @WithDefault("5s")
        Duration ackTimeout();

        /** Delay before an EVENT answered {@code LATER} (or not SUCCESS) is redelivered. DingTalk publishes no schedule. */
        @WithDefault("1s")
        Duration redeliveryDelay();

        /** Deliveries of one event before the simulator gives up on it (counted as {@code abandoned}). */
        @WithDefault("100")
        int maxDeliveries();

        /** After a SYSTEM {@code disconnect}, the socket is closed this long later (C-PEDIA: 10 s). */
        @WithDefault("10s")
        Duration disconnectGrace();

        /** Largest frame accepted from a client (ACKs are small); a larger one closes the socket with 1009. */
        @WithDefault("65536")
        int maxFrameBytes();

        /** How long {@code /sim/stream/...} calls wait for the client's ACK before answering without it. */
        @WithDefault("15s")
        Duration answerTimeout();
    }
}
