package io.dingrelay.screenshot.health;

import io.dingrelay.screenshot.render.BrowserPool;
import io.dingrelay.screenshot.render.Renderer;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only with a running Chromium that draws CJK text: a missing browser or font is a readiness failure whose
 * {@code detail} says what to install, rather than pushes with blank or boxed pictures.
 */
@Readiness
@ApplicationScoped
public class ChromiumHealthCheck implements HealthCheck {

    private final Renderer renderer;

    public ChromiumHealthCheck(Renderer renderer) {
        this.renderer = renderer;
    }

    @Override
    public HealthCheckResponse call() {
        BrowserPool.Status s = renderer.status();
        return HealthCheckResponse.named("Chromium renderer").status(s.up())
                .withData("detail", s.detail())
                .withData("launches", s.launches())
                .build();
    }
}
