package io.dingrelay.protocol.signature;

import io.dingrelay.protocol.DingTalkProtocolException;

/** An HMAC {@code timestamp}/{@code sign} pair was rejected; {@link #reason()} says why. */
public final class SignatureException extends DingTalkProtocolException {

    private static final long serialVersionUID = 1L;

    /** Why a signature was rejected, so callers can count and answer each case differently. */
    public enum Reason {
        /** A required value (timestamp, sign, secret) is absent or empty. */
        MISSING,
        /** A value is present but unusable: a non-numeric timestamp, a sign that is not Base64, a bad URL. */
        MALFORMED,
        /** The timestamp is more than the allowed window in the past. */
        STALE,
        /** The timestamp is more than the allowed window in the future. */
        FUTURE,
        /** Everything is well formed but the sign is not the one the secret produces. */
        MISMATCH
    }

    private final Reason reason;

    public SignatureException(Reason reason, String field, String detail) {
        super(field, reason + " [" + field + "]: " + detail, detail, null);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
