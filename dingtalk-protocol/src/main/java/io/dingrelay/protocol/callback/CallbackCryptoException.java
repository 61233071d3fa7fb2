package io.dingrelay.protocol.callback;

import io.dingrelay.protocol.DingTalkProtocolException;

/**
 * An event push (or a reply to one) failed verification or decryption, or the crypto configuration
 * is invalid. {@link #error()} carries DingTalk's 9000xx code.
 */
public final class CallbackCryptoException extends DingTalkProtocolException {

    private static final long serialVersionUID = 1L;

    private final CryptoError error;

    public CallbackCryptoException(CryptoError error, String field, String detail) {
        this(error, field, detail, null);
    }

    public CallbackCryptoException(CryptoError error, String field, String detail, Throwable cause) {
        super(field, error.code() + " " + error.name() + " [" + field + "]: " + detail, cause);
        this.error = error;
    }

    public CryptoError error() {
        return error;
    }

    /** Shortcut for {@code error().code()}. */
    public int code() {
        return error.code();
    }
}
