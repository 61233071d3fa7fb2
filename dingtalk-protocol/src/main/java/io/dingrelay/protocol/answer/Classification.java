package io.dingrelay.protocol.answer;

import java.time.Duration;

/**
 * The meaning of one DingTalk answer (or transport failure).
 *
 * @param outcome          what to do with the delivery
 * @param scope            what the outcome applies to
 * @param code             DingTalk's code as a string ({@code "0"}, {@code "410100"},
 *                         {@code "Forbidden.AccessDenied.QpsLimitForAppkeyAndApi"}), or ours for answers without
 *                         one: {@code "1111"} for an IP ban page, {@code "http.<status>"} for an unreadable body,
 *                         {@code "timeout"} / {@code "connection"} / {@code "unknown"} for transport failures
 * @param message          DingTalk's message, or a short description; at most 256 characters
 * @param suggestedBackoff how long to pause the scope before the next attempt; {@link Duration#ZERO} when
 *                         irrelevant (delivered, permanent)
 */
public record Classification(Outcome outcome, Scope scope, String code, String message, Duration suggestedBackoff) {

    public boolean isDelivered() {
        return outcome == Outcome.DELIVERED;
    }

    /** True when the same message may be sent again later: throttled, IP-banned or retryable. */
    public boolean isRetryable() {
        return outcome == Outcome.THROTTLED || outcome == Outcome.IP_BANNED || outcome == Outcome.RETRYABLE;
    }
}
