package io.dingrelay.gateway.service;

/**
 * A callback refused for {@link #reason()}. Carries only what may be shown to the sender: the reason, the input at
 * fault ({@link #field()}) and a detail that never contains secrets or decrypted content. No stack trace: rejections
 * are routine and may come in floods.
 */
public final class CallbackRejectedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final RejectReason reason;
    private final String field;
    private final String detail;

    public CallbackRejectedException(RejectReason reason, String field, String detail) {
        // e.g. "bad_signature [sign]: does not match the secret and timestamp" (the library's details do not name
        // their field: DingTalkProtocolException.detail()).
        super(reason.code() + (field != null ? " [" + field + "]" : "") + (detail != null ? ": " + detail : ""),
                null, false, false);
        this.reason = reason;
        this.field = field;
        this.detail = detail;
    }

    public CallbackRejectedException(RejectReason reason) {
        this(reason, null, null);
    }

    public RejectReason reason() {
        return reason;
    }

    /** The parameter, header or JSON path at fault; null when the whole request is. */
    public String field() {
        return field;
    }

    /** A safe detail, or null. */
    public String detail() {
        return detail;
    }
}
