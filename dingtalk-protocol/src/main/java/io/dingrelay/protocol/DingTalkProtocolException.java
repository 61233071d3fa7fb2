package io.dingrelay.protocol;

/**
 * Base of every error this library raises for bad input: a malformed or tampered callback, a wrong
 * signature, an invalid message, a body over DingTalk's limits.
 *
 * <p>Unchecked, so callers on the event loop can let it propagate to one handler that maps it to a
 * 4xx answer. {@link #field()} names the offending input (a query parameter, a header, a JSON path
 * such as {@code text.content}) so that handler can say what was wrong without parsing messages.
 *
 * <p>Messages never contain secrets (tokens, keys, app secrets), signatures we computed, or
 * decrypted content: they end up in logs and in answers to whoever sent the request.
 */
public class DingTalkProtocolException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String field;

    protected DingTalkProtocolException(String field, String message) {
        this(field, message, null);
    }

    protected DingTalkProtocolException(String field, String message, Throwable cause) {
        super(message, cause);
        this.field = field == null ? "" : field;
    }

    /**
     * The input at fault: a parameter or header name ({@code timestamp}, {@code sign}), a
     * configuration value ({@code aesKey}) or a JSON path ({@code actionCard.btns[1].actionURL}).
     * Never null; {@code body} when the whole document is unreadable.
     */
    public String field() {
        return field;
    }
}
