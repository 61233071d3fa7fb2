package io.dingrelay.registry.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.dingrelay.registry.service.ConflictException;
import io.dingrelay.registry.service.InvalidInputException;
import io.dingrelay.registry.service.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The one translation of the registry's exceptions into {@link ApiError} answers. */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    @ServerExceptionMapper
    public Response invalid(InvalidInputException e) {
        return answer(400, new ApiError("invalid", e.field(), e.getMessage()));
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return answer(404, new ApiError("not_found", "id", e.getMessage()));
    }

    @ServerExceptionMapper
    public Response conflict(ConflictException e) {
        return answer(409, new ApiError(e.error(), e.field(), e.getMessage(), e.existingId()));
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e) {
        // Jackson's own message may quote the input, which can hold a credential: say where, not what.
        String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
                + ", column " + e.getLocation().getColumnNr();
        return answer(400, new ApiError("invalid", "body", "the body is not valid JSON for this request" + where));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (e.getResponse().hasEntity()) {
            return e.getResponse();
        }
        if (status == 400) {
            // Quarkus REST's reader could not bind the body (broken JSON, wrong types).
            return answer(400, new ApiError("invalid", "body", "the body is not valid JSON for this request"));
        }
        return answer(status, new ApiError(status == 415 ? "unsupported_media_type" : "http_" + status, null,
                e.getMessage()));
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        String state = dataErrorState(e);
        if (state != null) {
            // SQL state class 22 (data exception, e.g. 22021 a NUL in a JSON string field): the input cannot be
            // stored, which is the caller's fault, not ours. The driver's message is not repeated: it quotes values.
            return answer(400, new ApiError("invalid", "body", "a value in the request cannot be stored (SQL state " + state
                    + "); text must not contain the NUL character"));
        }
        // Type only: a driver message can include bound parameters.
        LOG.errorf("Unexpected failure: %s", e.getClass().getName());
        LOG.debug("Unexpected failure", e);
        return answer(500, new ApiError("internal", null, "unexpected failure; see the registry's log"));
    }

    /** The SQL state of a PostgreSQL data exception (class 22) somewhere in the causes, or null. */
    static String dataErrorState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String state = null;
            if (t instanceof java.sql.SQLException sql) {
                state = sql.getSQLState();
            } else if (t instanceof org.hibernate.JDBCException jdbc) {
                state = jdbc.getSQLState();
            } else if (t instanceof io.vertx.pgclient.PgException pg) {
                state = pg.getSqlState();
            }
            if (state != null && state.startsWith("22")) {
                return state;
            }
        }
        return null;
    }

    static Response answer(int status, ApiError error) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(error).build();
    }
}
