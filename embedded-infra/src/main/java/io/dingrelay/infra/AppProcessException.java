package io.dingrelay.infra;

/** A child application could not be started or did not become ready; the message says why and shows its log's end. */
public class AppProcessException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public AppProcessException(String message) {
        super(message);
    }

    public AppProcessException(String message, Throwable cause) {
        super(message, cause);
    }
}
