package io.dingrelay.registry.rest;

import io.dingrelay.events.EventJson;
import io.dingrelay.events.ids.AppName;
import io.dingrelay.events.ids.ConversationId;
import io.dingrelay.events.ids.CorpId;
import io.dingrelay.events.ids.GroupId;
import io.dingrelay.events.ids.RobotCode;
import io.dingrelay.events.registry.AudienceEntry;
import io.dingrelay.events.registry.GroupKind;
import io.dingrelay.registry.config.RegistryConfig;
import io.dingrelay.registry.persistence.AudienceSql;
import io.dingrelay.registry.security.AdminToken;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jboss.logging.Logger;

/**
 * {@code GET /api/audience} (session contract 5): every ACTIVE group matching the filters as NDJSON
 * ({@link AudienceEntry} per line), in group id order, streamed from keyset pages.
 *
 * <p>A Vert.x route rather than a JAX-RS method: it writes one buffer per page (thousands of lines) and fetches the
 * next page only when the connection has drained, so memory stays at about two pages whatever the audience size
 * and however slow the reader. Filters: {@code tags=a,b} (ANY; an unknown tag is 400 naming it), {@code kind},
 * {@code groupIds=g1,g2}; paging: {@code after=<groupId>&limit=N} (without limit: everything).
 */
@ApplicationScoped
public class AudienceRoute {

    private static final Logger LOG = Logger.getLogger(AudienceRoute.class);
    static final String NDJSON = "application/x-ndjson";

    private final AudienceSql sql;
    private final AdminToken token;
    private final RegistryConfig config;
    private final MeterRegistry meters;

    public AudienceRoute(AudienceSql sql, AdminToken token, RegistryConfig config, MeterRegistry meters) {
        this.sql = sql;
        this.token = token;
        this.config = config;
        this.meters = meters;
    }

    void register(@Observes Router router) {
        router.get("/api/audience").handler(this::handle);
    }

    private void handle(RoutingContext ctx) {
        HttpServerResponse response = ctx.response();
        if (!token.accepts(ctx.request().getHeader("Authorization"))) {
            response.putHeader("WWW-Authenticate", "Bearer realm=\"dingrelay\"");
            error(response, 401, new io.dingrelay.registry.rest.ApiError("unauthorized", "Authorization",
                    "a valid bearer token (dingrelay.admin-token) is required"));
            return;
        }
        Query q;
        try {
            q = Query.parse(ctx);
        } catch (IllegalArgumentException e) {
            String[] fieldAndReason = e.getMessage().split(": ", 2);
            error(response, 400, new ApiError("invalid", fieldAndReason[0], fieldAndReason[1]));
            return;
        }
        // Database results arrive on the pool's event loop; every write must happen on the request's own, or
        // writeQueueFull() cannot see the pages queued for it and back-pressure is lost.
        io.vertx.core.Context context = io.vertx.core.Vertx.currentContext();
        io.smallrye.mutiny.Uni<List<String>> unknown = q.tags == null
                ? io.smallrye.mutiny.Uni.createFrom().item(List.of()) : sql.unknownTags(q.tags);
        unknown.emitOn(task -> context.runOnContext(v -> task.run())).subscribe().with(missing -> {
            if (!missing.isEmpty()) {
                error(response, 400, new ApiError("invalid", "tags", "unknown tag" + (missing.size() > 1 ? "s " : " ")
                        + String.join(", ", missing)));
                return;
            }
            response.setChunked(true).putHeader("Content-Type", NDJSON);
            new Stream(response, context, q).next(q.after);
        }, failure -> fail(response, failure));
    }

    /** One response's walk through the pages. */
    private final class Stream {
        private final HttpServerResponse response;
        private final io.vertx.core.Context context;
        private final Query q;
        private long sent;

        Stream(HttpServerResponse response, io.vertx.core.Context context, Query q) {
            this.response = response;
            this.context = context;
            this.q = q;
        }

        /**
         * Reads the page after {@code after}. The next page is read as soon as one is handed to the connection, so
         * reading page N+1 overlaps sending page N; a page is written only once the connection drained: at most
         * two pages are in memory.
         */
        void next(String after) {
            long remaining = q.limit == null ? Long.MAX_VALUE : q.limit - sent;
            if (remaining <= 0) {
                finish();
                return;
            }
            int pageSize = (int) Math.min(config.audiencePageSize(), remaining);
            sql.page(after, q.tags, q.kind, q.groupIds, pageSize)
                    .emitOn(task -> context.runOnContext(v -> task.run()))
                    .subscribe().with(rows -> onPage(rows, pageSize), failure -> fail(response, failure));
        }

        private void onPage(RowSet<Row> rows, int pageSize) {
            if (response.closed()) {
                return;
            }
            if (response.writeQueueFull()) {
                response.drainHandler(v -> {
                    response.drainHandler(null);
                    onPage(rows, pageSize);
                });
                return;
            }
            String last = write(rows);
            if (rows.size() < pageSize || last == null) {
                finish();
            } else {
                next(last);
            }
        }

        private String write(RowSet<Row> rows) {
            BufferOutput out = new BufferOutput(rows.size() * 400);
            String last = null;
            try {
                for (Row r : rows) {
                    EventJson.mapper().writeValue(out, entry(r));
                    out.write('\n');
                    last = r.getString("id");
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot serialise an audience entry", e);
            }
            sent += rows.size();
            response.write(out.buffer);
            return last;
        }

        private void finish() {
            meters.counter("dingrelay.registry.audience.entries").increment(sent);
            LOG.debugf("Audience streamed: %d entries", sent);
            response.end();
        }
    }

    static AudienceEntry entry(Row r) {
        GroupKind kind = GroupKind.valueOf(r.getString("kind"));
        String[] tags = r.getArrayOfStrings("tags");
        String corp = r.getString("corp_id");
        AudienceEntry.Webhook webhook = kind == GroupKind.CUSTOM_WEBHOOK ? new AudienceEntry.Webhook(
                r.getString("crypto_key_id"), r.getString("webhook_ciphertext"), r.getString("secret_ciphertext")) : null;
        AudienceEntry.OpenApi openApi = null;
        if (kind.openApi()) {
            String robot = r.getString("robot_code");
            openApi = new AudienceEntry.OpenApi(AppName.of(r.getString("app")), robot == null ? null : RobotCode.of(robot),
                    r.getString("cool_app_code"), ConversationId.of(r.getString("open_conversation_id")));
        }
        return new AudienceEntry(GroupId.of(r.getString("id")), kind, r.getString("title"),
                tags == null ? List.of() : Arrays.asList(tags), corp == null ? null : CorpId.of(corp), webhook, openApi);
    }

    private static void error(HttpServerResponse response, int status, ApiError error) {
        response.setStatusCode(status).putHeader("Content-Type", "application/json").end(EventJson.write(error));
    }

    private static void fail(HttpServerResponse response, Throwable failure) {
        LOG.errorf("Audience stream failed: %s", failure.getClass().getName());
        if (!response.headWritten()) {
            error(response, 500, new ApiError("internal", null, "the audience could not be read; see the registry's log"));
        } else if (!response.closed()) {
            // Mid-stream: cut the connection so the reader sees an incomplete answer instead of a short one.
            response.reset();
        }
    }

    /** The parsed query string. */
    record Query(String[] tags, String kind, String[] groupIds, String after, Integer limit) {

        static Query parse(RoutingContext ctx) {
            String[] tags = list(ctx.request().getParam("tags"));
            String kind = ctx.request().getParam("kind");
            if (kind != null) {
                try {
                    kind = GroupKind.valueOf(kind.trim().toUpperCase(Locale.ROOT)).name();
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("kind: must be one of " + Arrays.toString(GroupKind.values()));
                }
            }
            String limit = ctx.request().getParam("limit");
            Integer n = null;
            if (limit != null) {
                try {
                    n = Integer.parseInt(limit.trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("limit: must be a whole number");
                }
                if (n < 1) {
                    throw new IllegalArgumentException("limit: must be at least 1");
                }
            }
            String after = ctx.request().getParam("after");
            return new Query(tags, kind, list(ctx.request().getParam("groupIds")),
                    after == null || after.isBlank() ? null : after.trim(), n);
        }

        private static String[] list(String value) {
            if (value == null || value.isBlank()) {
                return null;
            }
            return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).distinct()
                    .toArray(String[]::new);
        }
    }

    /** Jackson writes straight into the page's Vert.x buffer (no intermediate strings). */
    private static final class BufferOutput extends OutputStream {
        final Buffer buffer;

        BufferOutput(int size) {
            buffer = Buffer.buffer(size);
        }

        @Override
        public void write(int b) {
            buffer.appendByte((byte) b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            buffer.appendBytes(b, off, len);
        }
    }
}
