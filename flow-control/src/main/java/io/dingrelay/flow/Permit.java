package io.dingrelay.flow;

import java.time.Duration;
import java.util.Objects;

/**
 * The answer of {@link FlowControl#acquire}: send now from {@link #egress()}, or not yet, or not at all.
 *
 * @param status       GRANTED, DEFERRED (a budget or a ban would make it wait longer than the caller's maxWait) or
 *                     REFUSED (the organisation's monthly quota is used up: the run must stop, an operator resumes it)
 * @param scopes       what the send counts against (for {@link FlowControl#observe})
 * @param egress       GRANTED: the local address to send from (one {@code DingTalkClient} per address)
 * @param grantedAt    GRANTED: the {@link Ticker} instant every token of this permit was valid at; send right away
 * @param blockedBy    DEFERRED / REFUSED: the scope that holds the send back
 * @param retryAfter   DEFERRED: when to try again (a throttled delivery waits: it is not a failure, not an attempt)
 * @param reason       DEFERRED / REFUSED: one sentence for logs and the run's status
 */
public record Permit(Status status, SendScopes scopes, String egress, long grantedAt, ScopeKey blockedBy, Duration retryAfter,
                     String reason) {

    public enum Status { GRANTED, DEFERRED, REFUSED }

    public Permit {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(scopes, "scopes");
    }

    static Permit granted(SendScopes scopes, String egress, long at) {
        return new Permit(Status.GRANTED, scopes, egress, at, null, Duration.ZERO, null);
    }

    static Permit deferred(SendScopes scopes, ScopeKey by, Duration retryAfter, String reason) {
        return new Permit(Status.DEFERRED, scopes, null, 0, by, retryAfter, reason);
    }

    static Permit refused(SendScopes scopes, ScopeKey by, String reason) {
        return new Permit(Status.REFUSED, scopes, null, 0, by, Duration.ZERO, reason);
    }

    public boolean isGranted() {
        return status == Status.GRANTED;
    }
}
