package io.dingrelay.registry.service;

/**
 * The request conflicts with what is stored: the same webhook token or conversation is already registered
 * ({@link #existingId()} set), a stale version, or a status change that is not allowed. Answered 409.
 */
public class ConflictException extends RuntimeException {

    private final String error;
    private final String field;
    private final String existingId;

    public ConflictException(String error, String field, String message, String existingId) {
        super(message);
        this.error = error;
        this.field = field;
        this.existingId = existingId;
    }

    public String error() {
        return error;
    }

    public String field() {
        return field;
    }

    public String existingId() {
        return existingId;
    }
}
