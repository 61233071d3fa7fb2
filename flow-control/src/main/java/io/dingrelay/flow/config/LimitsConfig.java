package io.dingrelay.flow.config;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The flow-control settings as a service reads them ({@code dingrelay.push.limits.*}, design.md "Configuration
 * contract"). A plain interface: a service's {@code @ConfigMapping} group extends it (every method maps to the kebab-case
 * key, e.g. {@code dingrelay.push.limits.ip-calls}) and {@link FlowLimits#from(LimitsConfig)} resolves it. Every key is
 * optional: unset means DingTalk's published figure ({@code io.dingrelay.protocol.DingTalkLimits}) less
 * {@link #safetyMargin()}, so a DingTalk number is written down once.
 */
public interface LimitsConfig {

    /**
     * Share of each published limit kept back (default {@value FlowLimits#DEFAULT_SAFETY_MARGIN}): a limit discovered by
     * being banned costs minutes of silence for the robot, the app or the whole egress IP; the margin also absorbs
     * network jitter between our clock and DingTalk's counters.
     */
    OptionalDouble safetyMargin();

    /** Messages per minute per custom-robot webhook (default: DingTalk's 20 less the margin = 18). */
    OptionalInt robotPerMinute();

    /** Calls per {@link #ipWindow()} from one egress IP, all APIs together (default: DingTalk's 10,000 less the margin = 9,000). */
    OptionalInt ipCalls();

    /** The window of {@link #ipCalls()} (default: DingTalk's 20 s). */
    Optional<Duration> ipWindow();

    /** OpenAPI calls per second per app and API (default: DingTalk's standard-edition 20 less the margin = 18). */
    OptionalInt appQps();

    /**
     * Metered sends per organisation per calendar month (UTC). Unset: not enforced — DingTalk's figure depends on the
     * edition bought (3,000 on the standard edition, 50k–200k on professional bundles, packs of 500,000; protocol §8).
     */
    OptionalLong orgMonthlyQuota();

    /**
     * How long a replica may hold IP tokens it took from the shared bucket before using them (default
     * {@value FlowLimits#DEFAULT_IP_LEASE_MILLIS} ms). Longer: fewer PostgreSQL round trips but a lower sustained rate
     * (see {@link WindowBudget}).
     */
    Optional<Duration> ipLease();

    /** IP tokens taken from the shared bucket per round trip (default: a quarter of the burst, 45 with the defaults). */
    OptionalInt ipChunk();
}
