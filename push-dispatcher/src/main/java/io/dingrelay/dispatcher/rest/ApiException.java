package io.dingrelay.dispatcher.rest;

/** A refusal with its HTTP status, the field it is about (null when none) and why, answered as {@code {"error","field"}}. */
public final class ApiException extends RuntimeException {

    private final int status;
    private final String field;

    public ApiException(int status, String field, String message) {
        super(message, null, false, false);
        this.status = status;
        this.field = field;
    }

    public static ApiException badRequest(String field, String message) {
        return new ApiException(400, field, field == null ? message : field + ": " + message);
    }

    public static ApiException notFound(String what) {
        return new ApiException(404, null, what + " not found");
    }

    public static ApiException conflict(String field, String message) {
        return new ApiException(409, field, field == null ? message : field + ": " + message);
    }

    public int status() {
        return status;
    }

    public String field() {
        return field;
    }
}
