package io.dingrelay.flow.budget;

/**
 * The result of asking a budget for one token.
 *
 * @param kind       GOT a token, must WAIT, or the budget is EXHAUSTED (a monthly quota: waiting does not help)
 * @param validUntil GOT: the {@code Ticker} instant after which the token must not be used any more
 * @param waitNanos  WAIT: how long until a token may be there
 */
public record Take(Kind kind, long validUntil, long waitNanos) {

    public enum Kind { GOT, WAIT, EXHAUSTED }

    static final Take EXHAUSTED = new Take(Kind.EXHAUSTED, 0, 0);

    static Take got(long validUntil) {
        return new Take(Kind.GOT, validUntil, 0);
    }

    static Take waitFor(long nanos) {
        return new Take(Kind.WAIT, 0, Math.max(1_000_000L, nanos));
    }

    public boolean got() {
        return kind == Kind.GOT;
    }
}
