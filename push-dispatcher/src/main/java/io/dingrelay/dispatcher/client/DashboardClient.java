package io.dingrelay.dispatcher.client;

import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Asks screenshot-worker whether a dashboard exists ({@code GET /dashboards/{id}}: 200 or 404, design.md), so a
 * campaign naming a dashboard that does not exist is refused when it is created, not at 09:00.
 */
@ApplicationScoped
public class DashboardClient {

    private final WebClient client;
    private final Optional<String> screenshotUrl;

    public DashboardClient(Vertx vertx, @ConfigProperty(name = "dingrelay.screenshot-url") Optional<String> screenshotUrl) {
        this.client = WebClient.create(vertx, new WebClientOptions().setConnectTimeout(5_000).setFollowRedirects(false));
        this.screenshotUrl = screenshotUrl.map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u);
    }

    /** Whether a screenshot-worker is configured at all. */
    public boolean configured() {
        return screenshotUrl.isPresent();
    }

    /** The dashboard's page: {@code {{dashboard.url}}} when no rendered image is known yet. */
    public String pageUrl(String dashboardId) {
        return screenshotUrl.orElse("") + "/dashboards/" + dashboardId;
    }

    /** true: exists; false: 404; fails when the worker cannot be asked or answers anything else. */
    public Uni<Boolean> exists(String dashboardId) {
        return client.getAbs(pageUrl(dashboardId)).timeout(5_000).send()
                .map(r -> {
                    if (r.statusCode() == 200) {
                        return true;
                    }
                    if (r.statusCode() == 404) {
                        return false;
                    }
                    throw new IllegalStateException("screenshot-worker answered HTTP " + r.statusCode());
                });
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
