package io.dingrelay.messaging.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dingrelay.events.EventJson;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Refuses, with 400 naming the parameter, any request whose path or query holds the NUL character (U+0000, {@code %00}).
 * PostgreSQL text cannot hold it: before this guard, {@code GET /api/groups/%00} reached the database as an id and
 * failed there with "invalid byte sequence for encoding UTF8: 0x00", answered 500 (found by the reliability drill,
 * deploy/local {@code FuzzScenario}), and so did the dispatcher, chat-bridge and screenshot-worker. One guard in front
 * of every route of every service (a CDI bean in this shared module: each service that depends on it installs it),
 * the REST resources and raw Vert.x routes alike, instead of a check in each. The body has the services' error shape:
 * {@code {"error":"invalid","field":…,"message":…}}.
 */
@ApplicationScoped
public class NulCharacterGuard {

    void install(@Observes Router router) {
        // Before the REST and audience routes (which use the default order 0 and above).
        router.route().order(-100).handler(this::check);
    }

    void check(RoutingContext rc) {
        String field = offendingField(rc.request().uri());
        if (field == null) {
            rc.next();
            return;
        }
        ObjectNode error = EventJson.mapper().createObjectNode()
                .put("error", "invalid").put("field", field).put("message", "must not contain the NUL character (U+0000)");
        String body = error.toString();
        rc.response().setStatusCode(400).putHeader("Content-Type", "application/json").end(body);
    }

    /** {@code path}, the name of the query parameter holding a NUL, or null when there is none. */
    static String offendingField(String uri) {
        if (uri == null || (uri.indexOf('\0') < 0 && !uri.toLowerCase(Locale.ROOT).contains("%00"))) {
            return null;
        }
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        if (decodedHasNul(path)) {
            return "path";
        }
        if (q >= 0) {
            for (String pair : uri.substring(q + 1).split("&")) {
                int eq = pair.indexOf('=');
                String name = eq < 0 ? pair : pair.substring(0, eq);
                if (decodedHasNul(pair)) {
                    String decodedName = decode(name);
                    return decodedName.indexOf('\0') >= 0 ? "query" : decodedName;
                }
            }
        }
        // An encoded %00 that does not decode to NUL (e.g. %2500): nothing to refuse.
        return null;
    }

    private static boolean decodedHasNul(String s) {
        return decode(s).indexOf('\0') >= 0;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            // A malformed escape elsewhere: look at the raw text only.
            return s.toLowerCase(Locale.ROOT).contains("%00") ? "\0" : s;
        }
    }
}
