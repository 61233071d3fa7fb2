package io.dingrelay.events.screenshot;

import io.dingrelay.events.ids.DashboardId;
import java.time.Instant;

/**
 * A request to render a dashboard to PNG, on {@code screenshot.requests} (key: dashboard id).
 *
 * @param dashboardId the dashboard
 * @param requestId   unique per request; the ready event echoes it
 * @param width       viewport width in CSS pixels
 * @param height      viewport height in CSS pixels
 * @param requestedAt when it was asked for
 */
public record ScreenshotRequest(DashboardId dashboardId, String requestId, int width, int height, Instant requestedAt) {
}
