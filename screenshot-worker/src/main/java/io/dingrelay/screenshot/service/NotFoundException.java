package io.dingrelay.screenshot.service;

/** An unknown dashboard or dataset (404); the message names it. */
public final class NotFoundException extends RuntimeException {

    public NotFoundException(String message) {
        super(message, null, false, false);
    }
}
