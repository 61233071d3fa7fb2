package io.dingrelay.dispatcher.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
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

    /** The flow-control budgets, enforced before sending. */
    Limits limits();

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
