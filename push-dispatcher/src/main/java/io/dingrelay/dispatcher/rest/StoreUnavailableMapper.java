package io.dingrelay.dispatcher.rest;

import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.ConnectException;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * PostgreSQL down or restarting is not a bug of the request: every API that reads the ledger, runs or campaigns
 * answers <b>503</b> {@code {"error":"the database is unavailable (…), try again shortly"}} with {@code Retry-After}
 * instead of a bare 500, like the other store-unavailable paths (the registry, screenshot-worker: 503 naming what
 * could not be asked). What counts as unavailable ({@link #unavailable}): the connection refused or closed under the
 * statement, or PostgreSQL's own "cannot serve now" states (class 08 connection exceptions, 57P01–57P03 admin or
 * crash shutdown, starting up). Any other PostgreSQL error is a 500: it is ours to fix.
 */
public class StoreUnavailableMapper {

    private static final Logger LOG = Logger.getLogger(StoreUnavailableMapper.class);

    /** Seconds a client is told to wait: about what a PostgreSQL restart or a fail-over takes. */
    static final int RETRY_AFTER_SECONDS = 5;

    @ServerExceptionMapper
    public Response refused(ConnectException e) {
        return answer(e);
    }

    @ServerExceptionMapper
    public Response closed(ClosedConnectionException e) {
        return answer(e);
    }

    /** PostgreSQL's own errors: 503 for the states that mean "not now", else a 500 (a bug of ours, logged). */
    @ServerExceptionMapper
    public Response postgres(PgException e) {
        if (unavailable(e).isPresent()) {
            return answer(e);
        }
        LOG.errorf(e, "PostgreSQL refused a statement: %s", e.getMessage());
        return ApiExceptionMapper.answer(500, null, "internal error: the database refused a statement (SQLSTATE " + e.getSqlState() + ")");
    }

    static Response answer(Throwable e) {
        String why = unavailable(e).orElse(e.getClass().getSimpleName());
        LOG.warnf("Answered 503: the database is unavailable (%s)", why);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", "the database is unavailable (" + why + "), try again in a few seconds");
        return Response.status(503).type(MediaType.APPLICATION_JSON).header("Retry-After", RETRY_AFTER_SECONDS).entity(body).build();
    }

    /** Why {@code e} (or one of its causes) means PostgreSQL cannot be reached now, if it does. */
    static Optional<String> unavailable(Throwable e) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = e; t != null && seen.put(t, Boolean.TRUE) == null && seen.size() <= 16; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return Optional.of("connection refused");
            }
            if (t instanceof ClosedConnectionException) {
                return Optional.of("connection closed");
            }
            if (t instanceof PgException pg && pg.getSqlState() != null) {
                String s = pg.getSqlState();
                if (s.startsWith("08") || s.equals("57P01") || s.equals("57P02") || s.equals("57P03")) {
                    return Optional.of("PostgreSQL " + s + ": " + pg.getErrorMessage());
                }
            }
        }
        return Optional.empty();
    }
}
