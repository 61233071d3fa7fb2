package io.dingrelay.chat.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** chat-bridge's configuration; every property has a default that suits DingTalk. */
@ConfigMapping(prefix = "dingrelay.chat")
public interface ChatBridgeConfig {

    /**
     * Longest wait for DingTalk to answer one reply (connect + response). A reply that takes longer is counted as
     * failed; the user would rather get no echo than one minutes late.
     */
    @WithDefault("5s")
    Duration replyTimeout();

    /**
     * A session webhook that expires within this margin is treated as expired: by the time the reply arrives at
     * DingTalk it would be refused anyway.
     */
    @WithDefault("2s")
    Duration sessionExpiryMargin();

    /**
     * How many recently answered message ids are remembered, so that a redelivered record is not answered twice.
     * In memory, per instance: it covers Kafka redeliveries after a rebalance or restart of a consumer within
     * one process lifetime, not a restart of the process (a durable store comes with the FAQ issue).
     */
    @WithDefault("10000")
    int duplicateWindow();
}
