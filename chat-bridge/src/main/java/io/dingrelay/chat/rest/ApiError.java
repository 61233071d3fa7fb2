package io.dingrelay.chat.rest;

import io.dingrelay.chat.faq.FaqRowError;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * The body of every refused admin request: {@code {"error":"…","field":"…","rows":[…]}}; {@code field} names the
 * offending field, {@code rows} the refused rows of an import.
 */
public record ApiError(String error, String field, List<FaqRowError> rows) {

    public static Response of(Response.Status status, String field, String message) {
        return Response.status(status).entity(new ApiError(message, field, null)).build();
    }
}
