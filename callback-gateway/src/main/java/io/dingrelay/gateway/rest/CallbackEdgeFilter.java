package io.dingrelay.gateway.rest;

import io.dingrelay.gateway.service.Endpoint;
import io.dingrelay.gateway.metrics.GatewayMetrics;
import io.dingrelay.gateway.service.RejectReason;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The checks made at the HTTP edge, before the REST layer reads the body or parses the headers, so they are answered
 * with the gateway's JSON and counted like every other refusal:
 * <ul>
 *   <li>a declared Content-Length over {@code gateway.http.max-body-bytes}: 413 before a byte of the body is read (a
 *       body without Content-Length is measured by {@link CallbackAdmission} once read);</li>
 *   <li>a Content-Type other than {@code application/json} (UTF-8): 415. Done here because the REST layer answers an
 *       unparseable Content-Type such as {@code applicationjson} with a bare 400 before any resource runs.</li>
 * </ul>
 */
@ApplicationScoped
public class CallbackEdgeFilter {

    private static final String PREFIX = "/dingtalk/apps/";
    /** Before the routes, after Quarkus' own early filters. */
    private static final int PRIORITY = 100;

    private final GatewayMetrics metrics;
    private final long maxBodyBytes;

    CallbackEdgeFilter(GatewayMetrics metrics, CallbackAdmission admission) {
        this.metrics = metrics;
        this.maxBodyBytes = admission.maxBodyBytes();
    }

    void register(@Observes Filters filters) {
        filters.register(this::check, PRIORITY);
    }

    private void check(RoutingContext rc) {
        String path = rc.request().path();
        if (rc.request().method() != HttpMethod.POST || path == null || !path.startsWith(PREFIX)) {
            rc.next();
            return;
        }
        // {app}/events or {app}/robot: anything else is not a callback and goes on to its 404.
        String rest = path.substring(PREFIX.length());
        int slash = rest.indexOf('/');
        if (slash <= 0) {
            rc.next();
            return;
        }
        String app = rest.substring(0, slash);
        String tail = rest.substring(slash + 1);
        Endpoint endpoint = tail.equals("events") ? Endpoint.EVENTS : tail.equals("robot") ? Endpoint.ROBOT : null;
        if (endpoint == null) {
            rc.next();
            return;
        }
        if (declaredLength(rc) > maxBodyBytes) {
            refuse(rc, app, endpoint, RejectReason.TOO_LARGE, "body", "at most " + maxBodyBytes + " bytes", true);
            return;
        }
        if (!CallbackAdmission.isJson(rc.request().getHeader(HttpHeaders.CONTENT_TYPE))) {
            refuse(rc, app, endpoint, RejectReason.UNSUPPORTED_MEDIA_TYPE, "Content-Type", null, false);
            return;
        }
        rc.next();
    }

    private static long declaredLength(RoutingContext rc) {
        String length = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            return -1;
        }
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1; // Vert.x answers a malformed Content-Length itself.
        }
    }

    private void refuse(RoutingContext rc, String app, Endpoint endpoint, RejectReason reason, String field,
            String detail, boolean close) {
        metrics.rejected(app, endpoint, reason);
        var response = rc.response()
                .setStatusCode(reason.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
        if (close) {
            // The unread body would otherwise be parsed as the next request on this connection.
            response.putHeader(HttpHeaders.CONNECTION, "close");
        }
        response.end(Answers.json(reason, field, detail));
    }
}
