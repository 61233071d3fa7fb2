package io.dingrelay.screenshot.rest;

import io.dingrelay.screenshot.render.RenderFailure;
import io.dingrelay.screenshot.service.ConflictException;
import io.dingrelay.screenshot.service.InvalidPointsException;
import io.dingrelay.screenshot.service.InvalidRequestException;
import io.dingrelay.screenshot.service.NotFoundException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every refusal as {@code {"error": code, "message": why, ...}} with the status that says whose fault it is. */
public class ErrorMappers {

    @ServerExceptionMapper
    public Response invalidPoints(InvalidPointsException e) {
        Map<String, Object> body = error("invalid_points", e.getMessage());
        body.put("invalidRows", e.invalidRows());
        body.put("rows", e.rows());
        return json(400, body);
    }

    @ServerExceptionMapper
    public Response invalidRequest(InvalidRequestException e) {
        Map<String, Object> body = error("invalid_request", e.getMessage());
        body.put("field", e.field());
        return json(400, body);
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return json(404, error("not_found", e.getMessage()));
    }

    @ServerExceptionMapper
    public Response conflict(ConflictException e) {
        return json(409, error("conflict", e.getMessage()));
    }

    /** 504 when the page was too slow, 502 when the browser or page failed, 503 when no browser or too busy. */
    @ServerExceptionMapper
    public Response renderFailed(RenderFailure e) {
        int status = switch (e.kind()) {
            case TIMEOUT -> 504;
            case CRASH, ERROR -> 502;
            case BUSY, UNAVAILABLE -> 503;
        };
        return json(status, error("render_" + e.code(), e.getMessage()));
    }

    static Map<String, Object> error(String code, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("message", message);
        return body;
    }

    private static Response json(int status, Object body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(body).build();
    }
}
