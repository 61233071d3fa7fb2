package io.dingrelay.dispatcher.support;

import io.dingrelay.events.EventJson;
import io.dingrelay.events.registry.AudienceEntry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * A stand-in for the registry's audience API in this module's tests, following GUIDE contract 5 exactly:
 * {@code GET /api/audience} with {@code Authorization: Bearer <token>} (401 otherwise), {@code tags=a,b} (ANY; an
 * unknown tag is 400 naming it), {@code kind=}, {@code groupIds=}, {@code after=&limit=} keyset paging; 200
 * {@code application/x-ndjson}, ACTIVE groups ordered by groupId, one {@link AudienceEntry} per line. A service
 * module must not depend on another, so push-dispatcher's own tests serve the contract from here; the real registry
 * meets the dispatcher in deploy/local's integration tests.
 *
 * <p>Also answers {@code GET /dashboards/{id}} (200 for {@link #dashboards}, else 404) for screenshot-worker's
 * existence check.
 */
public final class AudienceServer implements AutoCloseable {

    public static final String TOKEN = "test-admin-token";

    private final Vertx vertx = Vertx.vertx();
    private final ConcurrentSkipListMap<String, AudienceEntry> groups = new ConcurrentSkipListMap<>();
    public final Set<String> dashboards = new CopyOnWriteArraySet<>();
    /** While true, {@code /api/audience} answers 503, as a registry being restarted behind its load balancer would. */
    public volatile boolean unavailable;
    /** Audience calls answered 503 because of {@link #unavailable}. */
    public final AtomicInteger refused = new AtomicInteger();
    private HttpServer server;

    public AudienceServer start() {
        server = vertx.createHttpServer().requestHandler(req -> {
            HttpServerResponse res = req.response();
            if (req.path().startsWith("/dashboards/")) {
                res.setStatusCode(dashboards.contains(req.path().substring("/dashboards/".length())) ? 200 : 404).end();
                return;
            }
            if (!req.path().equals("/api/audience")) {
                res.setStatusCode(404).end();
                return;
            }
            if (unavailable) {
                refused.incrementAndGet();
                res.setStatusCode(503).putHeader("Content-Type", "application/json").end("{\"error\":\"registry restarting\"}");
                return;
            }
            if (!("Bearer " + TOKEN).equals(req.getHeader("Authorization"))) {
                res.setStatusCode(401).putHeader("Content-Type", "application/json").end("{\"error\":\"unauthorized\"}");
                return;
            }
            List<String> tags = list(req.getParam("tags"));
            List<String> ids = list(req.getParam("groupIds"));
            String kind = req.getParam("kind");
            String after = req.getParam("after");
            String limitParam = req.getParam("limit");
            Set<String> known = groups.values().stream().flatMap(g -> g.tags().stream()).collect(Collectors.toSet());
            for (String t : tags) {
                if (!known.contains(t)) {
                    res.setStatusCode(400).putHeader("Content-Type", "application/json")
                            .end("{\"error\":\"tags: unknown tag '" + t + "'\",\"field\":\"tags\"}");
                    return;
                }
            }
            int limit = limitParam == null ? Integer.MAX_VALUE : Integer.parseInt(limitParam);
            var source = after == null ? groups : groups.tailMap(after, false);
            res.setChunked(true).putHeader("Content-Type", "application/x-ndjson").setStatusCode(200);
            StringBuilder chunk = new StringBuilder();
            int n = 0;
            for (AudienceEntry e : source.values()) {
                if (n >= limit) {
                    break;
                }
                if (!tags.isEmpty() && e.tags().stream().noneMatch(tags::contains)) {
                    continue;
                }
                if (!ids.isEmpty() && !ids.contains(e.groupId().value())) {
                    continue;
                }
                if (kind != null && !e.kind().name().equals(kind)) {
                    continue;
                }
                chunk.append(EventJson.write(e)).append('\n');
                n++;
                if (chunk.length() > 64 * 1024) {
                    res.write(chunk.toString());
                    chunk.setLength(0);
                }
            }
            res.end(chunk.toString());
        }).listen(0).toCompletionStage().toCompletableFuture().join();
        return this;
    }

    public String url() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    public void put(AudienceEntry e) {
        groups.put(e.groupId().value(), e);
    }

    public void clear() {
        groups.clear();
    }

    public int size() {
        return groups.size();
    }

    private static List<String> list(String param) {
        return param == null || param.isBlank() ? List.of() : new ArrayList<>(Arrays.asList(param.split(",")));
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

}
