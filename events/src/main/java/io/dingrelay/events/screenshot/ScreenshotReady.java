package io.dingrelay.events.screenshot;

import io.dingrelay.events.ids.DashboardId;
import java.time.Instant;

/**
 * A rendered dashboard, on {@code screenshot.ready} (key: dashboard id).
 *
 * @param dashboardId the dashboard
 * @param requestId   the request it answers
 * @param imageUrl    where the PNG is served ({@code /images/{sha256}.png})
 * @param sha256      the PNG's content hash
 * @param renderedAt  when it was rendered
 */
public record ScreenshotReady(DashboardId dashboardId, String requestId, String imageUrl, String sha256, Instant renderedAt) {
}
