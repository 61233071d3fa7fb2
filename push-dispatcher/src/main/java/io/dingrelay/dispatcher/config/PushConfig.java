package io.dingrelay.dispatcher.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * The push path's settings ({@code dingrelay.push.*}, design.md "Configuration contract"). Flow-control defaults
 * are DingTalk's published limits (dingtalk-protocol.md §4-5) less a safety margin, because a limit discovered by
 * being banned costs minutes of silence for the robot, the app or the whole egress IP.
 *
 * <p>The prefix is {@code dingrelay.push}, not {@code dingrelay}: a mapping rejects unknown keys under its prefix,
 * and the shared keys ({@code dingrelay.registry-url}, {@code dingrelay.admin-token}, {@code dingrelay.crypto.*})
 * are read where they are used.
 */
@ConfigMapping(prefix = "dingrelay.push")
public interface PushConfig {

    /** Targets per record on push.batches: large enough to amortise Kafka, small enough to rebalance fast. */
    @WithDefault("200")
    int batchSize();

    /** Attempts of one delivery before it is dead-lettered. */
    @WithDefault("5")
    int maxAttempts();

    /**
     * Partitions of push.batches (and the retry and dead-letter topics): a target's partition is Kafka's own hash of
     * its group id modulo this, so it always lands on the same partition and sender. Must match the topic.
     */
    @WithDefault("12")
    int partitions();

    /** Audience lines written to the ledger per bulk insert while planning. */
    @WithDefault("1000")
    int planningChunk();

    /** Sends in flight at once per batch (each batch's targets are sent concurrently on the event loop). */
    @WithDefault("64")
    int sendConcurrency();

    /** Answers written to the ledger per bulk update; also at least every {@link #ledgerFlush()}. */
    @WithDefault("50")
    int ledgerGroup();

    /** The longest an answer waits before it is written to the ledger with others. */
    @WithDefault("100ms")
    Duration ledgerFlush();

    /**
     * A delivery found SENDING for longer than this belongs to a sender that died mid-send: a redelivered batch may
     * claim it again (a webhook send then carries the same msgUuid, which DingTalk de-duplicates).
     */
    @WithDefault("60s")
    Duration sendingLease();

    /** A run whose planner has not reported for this long is taken over by another replica. */
    @WithDefault("30s")
    Duration plannerLease();

    /** How often each replica looks for due schedule slots, stale planners and heartbeats its own plans. */
    @WithDefault("2s")
    Duration tick();

    /** How often an active run's progress is logged and its gauges refreshed (and a finished run closed). */
    @WithDefault("5s")
    Duration progressInterval();

    /**
     * How long {@code GET /api/runs/{runId}} reuses an active run's ledger counts (a scan of its rows): dashboards
     * polling several times a second then cost one count per this interval. 0 = count on every request.
     */
    @WithDefault("1s")
    Duration progressCache();

    /** Missed-fire grace for campaigns that do not set theirs: a slot found later than this is recorded as MISSED. */
    @WithDefault("10m")
    Duration defaultGrace();

    /** Longest wait for DingTalk's answer to one send. */
    @WithDefault("5s")
    Duration requestTimeout();

    /** Pooled keep-alive connections per DingTalk host. */
    @WithDefault("64")
    int connections();

    /** The local (egress) address to send from; unset = the system's choice. */
    java.util.Optional<String> localAddress();

    /** The flow-control budgets, enforced before sending. */
    Limits limits();

    /** Dashboards rendered before scheduled runs (issue 13's pre-render; docs/decisions.md "pre-render policy"). */
    Prerender prerender();

    /**
     * The {@code {{checkInSummary}}} template variable: chat-bridge's {@code GET /api/check-ins/summary} per group at
     * send time ({@code dingrelay.chat-bridge-url}, the admin token). A delivery never fails for it: when chat-bridge
     * cannot answer, the group gets {@link CheckInSummary#unavailable()}.
     */
    CheckInSummary checkInSummary();

    interface CheckInSummary {

        /** Longest wait for chat-bridge's answer, per group; the send waits for it. */
        @WithDefault("2s")
        Duration timeout();

        /** Longer summaries are cut to this many characters (with "…"), so the message stays within DingTalk's size. */
        @WithDefault("2000")
        int maxLength();

        /** The text of a group without check-ins (chat-bridge's 404), or that chat-bridge cannot know (a webhook robot). */
        @WithDefault("暂无打卡记录")
        String none();

        /** The text when chat-bridge is down, slow or answers an error. */
        @WithDefault("打卡汇总暂时无法获取")
        String unavailable();
    }

    interface Prerender {

        /**
         * How long before a scheduled fire time its dashboard render is requested ({@code screenshot.requests} with
         * {@code fireAt}). A render takes under a second; the rest absorbs a busy worker or a browser relaunch.
         */
        @WithDefault("2m")
        Duration lead();

        /**
         * How long a run waits at its fire time for an image that has not arrived, before it is sent without the
         * image (markdown images become a link to the dashboard's page). A FAILED answer ends the wait at once.
         */
        @WithName("wait")
        @WithDefault("60s")
        Duration waitLimit();

        /**
         * The screenshot-worker's base URL as DingTalk clients reach it (its {@code dingrelay.screenshot.public-base-url}),
         * for the page link a message without its image carries; unset = {@code dingrelay.screenshot-url}.
         */
        java.util.Optional<String> publicUrl();
    }

    interface Limits {

        /** Messages per minute per custom-robot webhook (DingTalk: 20, then a 10-minute ban). */
        @WithDefault("18")
        int robotPerMinute();

        /** Calls per {@link #ipWindow()} from one egress IP, all APIs together (DingTalk: 10,000 per 20 s). */
        @WithDefault("9000")
        int ipCalls();

        /** The window of {@link #ipCalls()}. */
        @WithDefault("20s")
        Duration ipWindow();

        /** OpenAPI calls per second per app and API (DingTalk standard edition: 20). */
        @WithDefault("18")
        int appQps();

        /** Metered sends per organisation per month; absent = not enforced (it depends on the edition bought). */
        OptionalLong orgMonthlyQuota();
    }
}
