package io.dingrelay.screenshot.service;

import io.dingrelay.screenshot.config.ScreenshotConfig;
import io.dingrelay.screenshot.model.Dashboard;
import io.dingrelay.screenshot.persistence.DatasetRepository;
import io.dingrelay.screenshot.persistence.RenderRepository;
import io.dingrelay.screenshot.persistence.RenderRepository.RenderRow;
import io.dingrelay.screenshot.render.BrowserPool;
import io.dingrelay.screenshot.render.Renderer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * Dashboard to image URL, rendering each picture once: the key is the dashboard, the version of the data it shows
 * and the size. A key rendered before answers from {@code renders} without touching the browser; a key being
 * rendered is joined, not rendered twice (so a campaign's thousand groups, or a request redelivered by Kafka, cost
 * one render).
 *
 * <p>The data version of a dataset dashboard is {@code v<dashboard version>.r<dataset revision>}, and the page
 * itself reports the one it drew, so data that changes during a render files the picture under what it shows. An
 * external page has no version we can see: a render for a fire time is keyed by that time (one render per
 * scheduled run), one for now by the current minute.
 */
@ApplicationScoped
public class RenderService {

    private static final Logger LOG = Logger.getLogger(RenderService.class);
    static final String READY_SELECTOR = "body[data-ready]";

    /**
     * An image of a dashboard.
     *
     * @param imageUrl public base URL + {@code /images/<sha256>.png}
     * @param cached   true when no render was needed
     */
    public record Snapshot(String dashboardId, String dataVersion, int width, int height, String sha256, String imageUrl,
            long bytes, long renderMillis, Instant renderedAt, boolean cached) {
    }

    private final DashboardService dashboards;
    private final DatasetRepository datasets;
    private final RenderRepository renders;
    private final ImageStore images;
    private final Renderer renderer;
    private final ScreenshotConfig config;
    private final Map<String, Uni<Snapshot>> inFlight = new ConcurrentHashMap<>();
    private final Counter hits;
    private final Counter misses;

    public RenderService(DashboardService dashboards, DatasetRepository datasets, RenderRepository renders, ImageStore images,
            Renderer renderer, ScreenshotConfig config, MeterRegistry meters) {
        this.dashboards = dashboards;
        this.datasets = datasets;
        this.renders = renders;
        this.images = images;
        this.renderer = renderer;
        this.config = config;
        this.hits = meters.counter("dingrelay.screenshot.render.cache", "result", "hit");
        this.misses = meters.counter("dingrelay.screenshot.render.cache", "result", "miss");
    }

    /**
     * The image of a dashboard now (or for a scheduled fire time), rendered only if this data version at this size
     * has no image yet, or when {@code force}.
     *
     * @param width  0 = the dashboard's own
     * @param height 0 = the dashboard's own
     * @param fireAt the scheduled run it is for, or null
     */
    public Uni<Snapshot> snapshot(String dashboardId, int width, int height, Instant fireAt, boolean force) {
        return dashboards.find(dashboardId).chain(d -> {
            int w = width > 0 ? width : d.width();
            int h = height > 0 ? height : d.height();
            DashboardService.checkSize(w, h, config);
            return currentVersion(d, fireAt).chain(version -> {
                Uni<Snapshot> render = Uni.createFrom().deferred(() -> joinOrRender(d, version, w, h, force));
                if (force) {
                    return render;
                }
                return renders.findAndTouch(d.id(), version, w, h).chain(row -> {
                    if (row.isPresent() && images.exists(row.get().sha256())) {
                        hits.increment();
                        return Uni.createFrom().item(snapshot(row.get(), true));
                    }
                    return render;
                });
            });
        });
    }

    private Uni<String> currentVersion(Dashboard d, Instant fireAt) {
        if (d.external()) {
            Instant at = fireAt != null ? fireAt : Instant.now().truncatedTo(ChronoUnit.MINUTES);
            return Uni.createFrom().item("v" + d.version() + (fireAt != null ? ".f" : ".t") + at.getEpochSecond());
        }
        return datasets.revision(d.dataset()).map(rev -> DashboardPage.version(d, rev.orElse(0L)));
    }

    private Uni<Snapshot> joinOrRender(Dashboard d, String version, int w, int h, boolean force) {
        String key = d.id() + '\u0000' + version + '\u0000' + w + 'x' + h + (force ? "\u0000force" : "");
        return inFlight.computeIfAbsent(key, k -> render(d, version, w, h, force)
                .onTermination().invoke(() -> inFlight.remove(k))
                .memoize().indefinitely());
    }

    private Uni<Snapshot> render(Dashboard d, String expectedVersion, int w, int h, boolean force) {
        misses.increment();
        BrowserPool.Job job = d.external()
                ? new BrowserPool.Job(d.url(), w, h, d.readySelector(), false)
                : new BrowserPool.Job(pageBaseUrl() + "/dashboards/" + URLEncoder.encode(d.id(), StandardCharsets.UTF_8),
                        w, h, READY_SELECTOR, true);
        return renderer.render(job)
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(rendered -> {
                    String sha = images.put(rendered.png());
                    String version = rendered.pageVersion() != null ? rendered.pageVersion() : expectedVersion;
                    return new RenderRow(d.id(), version, w, h, sha, rendered.png().length, rendered.millis(), Instant.now());
                })
                .chain(row -> renders.save(row, force))
                .map(saved -> {
                    LOG.infof("Rendered dashboard %s (%s, %dx%d) in %d ms: %s", d.id(), saved.dataVersion(), w, h,
                            saved.renderMillis(), saved.sha256());
                    return snapshot(saved, false);
                });
    }

    private Snapshot snapshot(RenderRow r, boolean cached) {
        return new Snapshot(r.dashboardId(), r.dataVersion(), r.width(), r.height(), r.sha256(), imageUrl(r.sha256()),
                r.bytes(), r.renderMillis(), r.renderedAt(), cached);
    }

    /** Configured public base URL + path: DingTalk clients fetch the image from outside. */
    public String imageUrl(String sha) {
        String base = config.publicUrl();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/images/" + sha + ".png";
    }

    /** Where Chromium finds our pages: configured, or this process's own HTTP port (the actual one in tests). */
    private String pageBaseUrl() {
        if (config.pageBaseUrl().isPresent()) {
            String base = config.pageBaseUrl().get();
            return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        }
        var cfg = ConfigProvider.getConfig();
        int port = io.quarkus.runtime.LaunchMode.current() == io.quarkus.runtime.LaunchMode.TEST
                ? cfg.getOptionalValue("quarkus.http.test-port", Integer.class).orElse(8081)
                : cfg.getOptionalValue("quarkus.http.port", Integer.class).orElse(8080);
        return "http://127.0.0.1:" + port;
    }
}
