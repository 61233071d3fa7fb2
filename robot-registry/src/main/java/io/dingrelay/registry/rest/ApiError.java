package io.dingrelay.registry.rest;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Every error answer: a short code, the field at fault (request field, query parameter or header) and why, in
 * words. Never contains a credential.
 *
 * @param error   machine-readable code ({@code invalid}, {@code not_found}, {@code duplicate}, ...)
 * @param field   the input at fault, or null
 * @param message what is wrong, for people
 * @param id      the existing group, for {@code duplicate}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(String error, String field, String message, String id) {

    public ApiError(String error, String field, String message) {
        this(error, field, message, null);
    }
}
