package io.dingrelay.screenshot.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

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

    /** Base of the image URLs put on screenshot.ready; DingTalk clients fetch images from there. */
    @WithDefault("http://localhost:8085")
    String publicUrl();

    /** Longest a render may take before the request is answered as failed. */
    @WithDefault("20s")
    Duration renderTimeout();
}
