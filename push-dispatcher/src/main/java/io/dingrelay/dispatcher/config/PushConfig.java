package io.dingrelay.dispatcher.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import io.dingrelay.flow.config.LimitsConfig;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

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

    /**
     * Attempts of one delivery before it is dead-lettered: the first and one retry per step of
     * {@link io.dingrelay.events.RetrySchedule} (30 s, 5 min, 15 min, 1 h, 4 h). Throttled sends do not count.
     */
    @WithDefault("6")
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

    /**
     * The local (egress) address to send from when {@link #egressAddresses()} is not set; unset = the system's choice.
     */
    Optional<String> localAddress();

    /**
     * The local addresses to send from ({@code dingrelay.push.egress-addresses=10.0.0.7,10.0.0.8}), each with its own
     * shared IP budget ({@code ip:<address>}) in flow-control: throughput grows with addresses. Unset (the default):
     * {@link #localAddress()} if set, else the system's address (budget {@code ip:default}, shared by every replica).
     */
    Optional<List<String>> egressAddresses();

    /** The flow-control budgets, enforced before sending. */
    Limits limits();

    /** The retry schedule of retryable failures ({@code dingrelay.push.retry.*}). */
    Retry retry();

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

    /**
     * The flow-control budgets ({@code dingrelay.push.limits.*}): every key of flow-control's {@link LimitsConfig}
     * (all optional; unset = DingTalk's published limit less {@code safety-margin}, 10 %), plus the dispatcher's own
     * quota warning and retry schedule.
     */
    interface Limits extends LimitsConfig {

        /**
         * Share of an organisation's monthly quota ({@code org-monthly-quota}) after which a warning is logged once per
         * organisation and month and {@code dingrelay.push.quota.warnings} counts it. The hard stop is the quota itself:
         * a send it would exceed is REFUSED and its run PAUSED.
         */
        @WithDefault("0.8")
        double quotaWarning();

        /**
         * The organisation custom-robot webhooks belong to, for the monthly quota (the registry knows the corp of OpenAPI
         * groups only; webhook calls are metered too, protocol §8). Unset: webhook sends are not counted against a quota.
         */
        Optional<String> webhookCorpId();

        /**
         * The longest a send waits in the sender for its budgets (a token due in milliseconds, an app's 1-second pause);
         * a longer wait (a robot's 10-minute ban, an exhausted IP window) sends the delivery to a retry topic instead,
         * THROTTLED and without using up an attempt, so it never blocks the partition behind it.
         */
        @WithDefault("5s")
        Duration maxWait();
    }

    /**
     * Retries of retryable failures (timeouts, 5xx, -1): the delay before attempt n+1 is {@code steps[n-1]} (the last
     * step repeats), each ±{@code jitter}, and a delivery older than {@code max-age} (since its run fired) is dead-lettered
     * instead of retried. The delays are those of {@link io.dingrelay.events.RetrySchedule} (one topic per step).
     */
    interface Retry {

        /**
         * Factor on every step's delay (1: the schedule as documented). Drills and the benchmark run the schedule faster
         * (0.1: 3 s, 30 s, 90 s, 6 min, 24 min); each step keeps its topic.
         */
        @WithDefault("1")
        double delayScale();

        /** Share of a step's delay added or taken at random, so deliveries failed together do not come back together. */
        @WithDefault("0.2")
        double jitter();

        /** The oldest a delivery may get (since its run fired) and still be retried; older: dead-lettered. */
        @WithDefault("24h")
        Duration maxAge();

        /**
         * How often the deliveries of a PAUSED run (quota stop) look again whether it was resumed: they wait on a retry
         * topic, without an attempt used, and are sent on the first look after the resume.
         */
        @WithDefault("1m")
        Duration pausedRecheck();

        /**
         * The longest a throttled delivery (a robot's or an IP's ban, a budget that would make it wait) waits on a retry
         * topic before it looks again; DingTalk's bans are at most 10 minutes, so by default it comes back when its ban
         * ends. Shorter: an operator's early end of a pause is noticed sooner, at the cost of more re-parking.
         */
        @WithDefault("15m")
        Duration maxPark();
    }
}
