package io.dingrelay.protocol.callback;

import io.dingrelay.protocol.DingTalkProtocolException;

/**
 * An event push (or a reply to one) failed verification or decryption, or the crypto configuration
 * is invalid. {@link #error()} carries DingTalk's 9000xx code; {@link #reason()} says whether an input
 * was absent, given twice with different values, or present but wrong, which DingTalk's codes do not
 * distinguish (a missing and a doubled {@code signature} are both 900006).
 */
public final class CallbackCryptoException extends DingTalkProtocolException {

    private static final long serialVersionUID = 1L;

    /** What was wrong with {@link #field()}, so a receiver can answer "unauthenticated" and "bad request" apart. */
    public enum Reason {
        /** The input is absent or empty: e.g. an unsigned request (no {@code signature}, {@code timestamp} or {@code nonce}). */
        MISSING,
        /** The input is given more than once with different values: which one was signed would be a guess. */
        CONFLICTING,
        /** The input is present but wrong: a signature that does not match, a ciphertext that does not decrypt, … */
        INVALID
    }

    private final CryptoError error;
    private final Reason reason;

    public CallbackCryptoException(CryptoError error, String field, String detail) {
        this(error, Reason.INVALID, field, detail, null);
    }

    public CallbackCryptoException(CryptoError error, String field, String detail, Throwable cause) {
        this(error, Reason.INVALID, field, detail, cause);
    }

    public CallbackCryptoException(CryptoError error, Reason reason, String field, String detail) {
        this(error, reason, field, detail, null);
    }

    public CallbackCryptoException(CryptoError error, Reason reason, String field, String detail, Throwable cause) {
        super(field, error.code() + " " + error.name() + " [" + field + "]: " + detail, detail, cause);
        this.error = error;
        this.reason = reason == null ? Reason.INVALID : reason;
    }

    public CryptoError error() {
        return error;
    }

    /** Whether the input was missing, conflicting or invalid; never null. */
    public Reason reason() {
        return reason;
    }

    /** Shortcut for {@code error().code()}. */
    public int code() {
        return error.code();
    }
}
