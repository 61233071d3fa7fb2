package io.dingrelay.console.web;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * A multipart form field that RESTEasy's form decoding cannot decode fails before any page sees it, as an
 * IllegalArgumentException: that is the browser's (or a fuzzer's) bad input, a 400 saying so, not a 500. Nothing
 * was done. Any other IllegalArgumentException stays a server error. Request-scoped beans are not touched here: on
 * this path the request context may not be active. (URL-encoded forms are decoded by {@link FormBodyReader}.)
 */
public class BadFormMapper {

    @ServerExceptionMapper
    public Response badForm(IllegalArgumentException e) {
        String why = e.getMessage() == null ? "" : e.getMessage();
        if (why.startsWith("Failed to decode")) {
            return Response.status(400).type(MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8"))
                    .entity("The form was not valid URL-encoding (" + why + "); nothing was done.").build();
        }
        return Response.serverError().type(MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8"))
                .entity("The console failed on this request; nothing was done.").build();
    }
}
