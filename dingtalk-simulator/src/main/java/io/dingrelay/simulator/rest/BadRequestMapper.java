package io.dingrelay.simulator.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Bad input to the admin API: 400 with {@code {"error": "...", "field": "..."}}. Our validation messages start
 * with the field name ({@code "keywords: required ..."}); Jackson errors carry their JSON path.
 */
public class BadRequestMapper {

    @ServerExceptionMapper
    public Response invalid(IllegalArgumentException e) {
        String msg = e.getMessage() == null ? "invalid input" : e.getMessage();
        int colon = msg.indexOf(':');
        String field = colon > 0 && msg.substring(0, colon).matches("[A-Za-z0-9_.\\[\\]]+") ? msg.substring(0, colon) : null;
        return answer(msg, field);
    }

    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        return unreadable(e);
    }

    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e) {
        String field = null;
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            field = m.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining("."))
                    .replace(".[", "[");
        }
        String detail = e.getOriginalMessage() == null ? "unreadable JSON" : e.getOriginalMessage();
        return answer((field == null ? "body" : field) + ": " + detail, field == null ? "body" : field);
    }

    /** Quarkus answers an unparseable body with a bare 400; give it the same shape as every other 400. */
    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        Response r = e.getResponse();
        if (r.getStatus() == 400 && !r.hasEntity()) {
            String cause = e.getCause() == null ? "unreadable JSON" : e.getCause().getMessage();
            return answer("body: " + (cause == null ? "unreadable JSON" : cause.split("\n")[0]), "body");
        }
        return r;
    }

    static Response answer(String message, String field) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        if (field != null) {
            body.put("field", field);
        }
        return Response.status(400).type(jakarta.ws.rs.core.MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }
}
