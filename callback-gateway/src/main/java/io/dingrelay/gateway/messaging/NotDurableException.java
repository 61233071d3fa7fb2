package io.dingrelay.gateway.messaging;

/**
 * Records were not (or not yet) acknowledged by Kafka: the callback must not be answered success. The message says
 * why in operator terms; it never contains record contents.
 */
public final class NotDurableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public NotDurableException(String message) {
        super(message, null, false, false);
    }

    public NotDurableException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
