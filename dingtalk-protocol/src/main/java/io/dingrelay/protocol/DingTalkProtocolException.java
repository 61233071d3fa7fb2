package io.dingrelay.protocol;

/**
 * Base of every error this library raises for bad input: a malformed or tampered callback, a wrong
 * signature, an invalid message, a body over DingTalk's limits.
 *
 * <p>Unchecked, so callers on the event loop can let it propagate to one handler that maps it to a
 * 4xx answer. {@link #field()} names the offending input (a query parameter, a header, a JSON path
 * such as {@code text.content}) and {@link #detail()} says what is wrong with it, so that handler can
 * answer {@code field} and {@code detail} side by side without parsing messages. {@link #getMessage()}
 * is both in one line for logs ({@code [text.content]: must be a string, was a number}), so it must not be
 * put next to the field again.
 *
 * <p>Messages never contain secrets (tokens, keys, app secrets), signatures we computed, or
 * decrypted content: they end up in logs and in answers to whoever sent the request.
 */
public class DingTalkProtocolException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String field;
    private final String detail;

    protected DingTalkProtocolException(String field, String message) {
        this(field, message, null);
    }

    protected DingTalkProtocolException(String field, String message, Throwable cause) {
        this(field, message, message, cause);
    }

    /**
     * @param message the whole message, naming the field (and the code, where there is one)
     * @param detail  what is wrong with the field, without naming it
     */
    protected DingTalkProtocolException(String field, String message, String detail, Throwable cause) {
        super(message, cause);
        this.field = field == null ? "" : field;
        this.detail = detail == null ? message : detail;
    }

    /**
     * The input at fault: a parameter or header name ({@code timestamp}, {@code sign}), a
     * configuration value ({@code aesKey}) or a JSON path ({@code actionCard.btns[1].actionURL}).
     * Never null; {@code body} when the whole document is unreadable.
     */
    public String field() {
        return field;
    }

    /**
     * What is wrong with {@link #field()}, without repeating it (e.g. {@code is not valid JSON at line 1, column 9}):
     * for answers that carry the field separately. Never null.
     */
    public String detail() {
        return detail;
    }
}
