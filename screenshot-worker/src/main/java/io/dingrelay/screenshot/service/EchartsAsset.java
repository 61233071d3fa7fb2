package io.dingrelay.screenshot.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Where the page loads ECharts from: the {@code org.mvnpm:echarts} jar's {@code META-INF/resources}, served by
 * Quarkus at {@code /_static/echarts/<version>/dist/echarts.common.min.js}. The version is read from the jar, so a
 * version bump in the pom needs no template change. No CDN: the renderer must not depend on the internet.
 *
 * <p>The "common" build (line, bar, pie, scatter; grid, legend, tooltip, title, marks, dataZoom, ...) is 664 KB
 * against the full build's 1,034 KB: Chromium evaluates the script on every render, so a third less script is
 * a shorter render. A chart type outside it needs the full {@code echarts.min.js} here.
 */
@ApplicationScoped
public class EchartsAsset {

    private final String path;

    public EchartsAsset() {
        Properties p = new Properties();
        try (InputStream in = Thread.currentThread().getContextClassLoader()
                .getResourceAsStream("META-INF/maven/org.mvnpm/echarts/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("org.mvnpm:echarts is not on the classpath");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.path = "/_static/echarts/" + p.getProperty("version") + "/dist/echarts.common.min.js";
    }

    public String path() {
        return path;
    }
}
