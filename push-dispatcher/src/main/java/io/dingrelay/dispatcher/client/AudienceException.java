package io.dingrelay.dispatcher.client;

/** The registry would not give the audience: its status and its message (an unknown tag is 400 naming it). */
public final class AudienceException extends RuntimeException {

    private final int status;

    public AudienceException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    /** The registry's HTTP status; 0 when it could not be reached. */
    public int status() {
        return status;
    }
}
