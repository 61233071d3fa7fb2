package io.dingrelay.screenshot.service;

/** The thing to create exists already (409). */
public final class ConflictException extends RuntimeException {

    public ConflictException(String message) {
        super(message, null, false, false);
    }
}
