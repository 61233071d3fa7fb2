package io.dingrelay.screenshot.render;

import io.dingrelay.screenshot.config.ScreenshotConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * The application's one {@link BrowserPool}, started with the application (so the cold start is paid before the
 * first request), with its metrics:
 * {@code dingrelay_screenshot_renders_total{outcome}}, {@code dingrelay_screenshot_render_seconds} (successful
 * renders, with p50/p90/p99), {@code dingrelay_screenshot_browser_launches_total{kind=start|relaunch}} and
 * {@code dingrelay_screenshot_render_queue} (renders waiting for a page).
 */
@Startup
@ApplicationScoped
public class Renderer {

    private final BrowserPool pool;

    public Renderer(ScreenshotConfig config, MeterRegistry meters) {
        Map<RenderFailure.Kind, Counter> failures = new EnumMap<>(RenderFailure.Kind.class);
        for (RenderFailure.Kind kind : RenderFailure.Kind.values()) {
            failures.put(kind, meters.counter("dingrelay.screenshot.renders", "outcome", kind.name().toLowerCase(java.util.Locale.ROOT)));
        }
        Counter ok = meters.counter("dingrelay.screenshot.renders", "outcome", "ok");
        Timer time = Timer.builder("dingrelay.screenshot.render").description("successful renders, page start to PNG")
                .publishPercentiles(0.5, 0.9, 0.99).register(meters);
        Counter starts = meters.counter("dingrelay.screenshot.browser.launches", "kind", "start");
        Counter relaunches = meters.counter("dingrelay.screenshot.browser.launches", "kind", "relaunch");
        this.pool = BrowserPool.start(new BrowserPool.Options(Path.of(config.chromiumPath()), config.poolSize(),
                config.renderTimeout(), config.pageRecycleAfter(), config.maxQueued(), config.maxImageBytes(),
                config.fontFamily(), Map.of()), new BrowserPool.Listener() {
                    @Override
                    public void rendered(RenderFailure.Kind failure, long nanos) {
                        if (failure == null) {
                            ok.increment();
                            time.record(Duration.ofNanos(nanos));
                        } else {
                            failures.get(failure).increment();
                        }
                    }

                    @Override
                    public void launched(boolean relaunch) {
                        (relaunch ? relaunches : starts).increment();
                    }
                });
        Gauge.builder("dingrelay.screenshot.render.queue", pool, BrowserPool::queued).register(meters);
    }

    /** Renders on the pool; fails with {@link RenderFailure}. Completes on the renderer thread. */
    public Uni<BrowserPool.Rendered> render(BrowserPool.Job job) {
        return Uni.createFrom().completionStage(() -> pool.render(job));
    }

    public BrowserPool.Status status() {
        return pool.status();
    }

    void onStop(@Observes ShutdownEvent event) {
        pool.close();
    }
}
