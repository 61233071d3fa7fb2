package io.dingrelay.dispatcher.service;

import io.dingrelay.dispatcher.client.DashboardClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The newest rendered image of each dashboard, from {@code screenshot.ready}: a run's {@code {{dashboard.url}}}.
 * Before any image is known (a fresh replica) it is the dashboard's page on screenshot-worker.
 */
@ApplicationScoped
public class DashboardImages {

    private final ConcurrentHashMap<String, String> latest = new ConcurrentHashMap<>();
    private final DashboardClient dashboards;

    public DashboardImages(DashboardClient dashboards) {
        this.dashboards = dashboards;
    }

    public void rendered(String dashboardId, String imageUrl) {
        latest.put(dashboardId, imageUrl);
    }

    /** The URL a run shows for {@code dashboardId}; null for null. */
    public String urlOf(String dashboardId) {
        return dashboardId == null ? null : latest.getOrDefault(dashboardId, dashboards.pageUrl(dashboardId));
    }
}
