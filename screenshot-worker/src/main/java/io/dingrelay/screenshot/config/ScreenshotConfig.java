package io.dingrelay.screenshot.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** The screenshot-worker's configuration; every property has a default that works on a Debian machine. */
@ConfigMapping(prefix = "dingrelay.screenshot")
public interface ScreenshotConfig {

    /**
     * The Chromium binary Playwright drives. Playwright never downloads a browser here: the system one
     * (Debian package {@code chromium}) is used.
     */
    @WithDefault("/usr/bin/chromium")
    String chromiumPath();

    /** Where rendered PNGs are kept, named by their SHA-256. Relative paths are relative to the working folder. */
    @WithDefault("data/screenshot-worker/images")
    String imagesDir();

    /**
     * Base of the image URLs put on screenshot.ready and answered by the snapshot API; DingTalk clients fetch the
     * images from there, so in production it is the worker's public (internet-facing) address.
     */
    @WithDefault("http://localhost:8085")
    String publicUrl();

    /**
     * Where Chromium loads the worker's own dashboard pages from. Default: this process's HTTP port on
     * 127.0.0.1 (the page never leaves the machine).
     */
    Optional<String> pageBaseUrl();

    /** Longest one render may take (page load, charts drawn, screenshot) before it fails as a timeout. */
    @WithDefault("20s")
    Duration renderTimeout();

    /** Browser pages kept open; renders are started on up to this many pages at once. */
    @WithDefault("2")
    int poolSize();

    /** A page is closed and replaced after this many renders, so a slow leak in a page cannot grow forever. */
    @WithDefault("200")
    int pageRecycleAfter();

    /** Renders waiting for a page; more are refused (503 / a FAILED ready event) rather than queued without end. */
    @WithDefault("200")
    int maxQueued();

    /** Largest dashboard width in CSS pixels (a huge page is refused, never rendered). */
    @WithDefault("2000")
    int maxWidth();

    /** Largest dashboard height in CSS pixels. */
    @WithDefault("4000")
    int maxHeight();

    /** Largest PNG kept; a bigger screenshot fails the render. */
    @WithDefault("8000000")
    long maxImageBytes();

    /**
     * CSS font stack of dashboards and of the start-up CJK check; the Noto CJK fonts come with Debian's
     * {@code fonts-noto-cjk}.
     */
    @WithDefault("'Noto Sans CJK SC', 'Noto Sans SC', 'Microsoft YaHei', sans-serif")
    String fontFamily();

    /** Images not served nor rendered again for this long are deleted (the latest of each dashboard is kept). */
    @WithDefault("30d")
    Duration retention();

    /** Largest number of points accepted in one ingest request. */
    @WithDefault("50000")
    int maxPointsPerRequest();

    /**
     * Whether a failed render is answered on screenshot.ready ({@code status=FAILED}, no image). On: push-dispatcher
     * reads {@code status} and stops waiting for the picture at once (it sends the message with a link instead). Off
     * only for a consumer that cannot read {@code status}; the dispatcher then waits to its limit.
     */
    @WithDefault("true")
    boolean publishFailures();

    /** Seeds the demo dataset {@code epidemic} and dashboard {@code daily} at start-up if missing (the local stack). */
    @WithDefault("false")
    boolean seedDemo();
}
