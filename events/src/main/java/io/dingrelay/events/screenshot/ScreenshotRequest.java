package io.dingrelay.events.screenshot;

import io.dingrelay.events.ids.DashboardId;
import java.time.Instant;

/**
 * A request to render a dashboard to PNG, on {@code screenshot.requests} (key: dashboard id).
 *
 * <p>Pre-render: the dispatcher sends a request a lead time before a scheduled run with {@code fireAt} set to the
 * run's fire time; the worker renders at once (the data as it is then) and echoes {@code fireAt} on the ready
 * event. Requests are idempotent: the same dashboard, data version and size give the same image, rendered once.
 *
 * @param dashboardId the dashboard
 * @param requestId   unique per request; the ready event echoes it
 * @param width       viewport width in CSS pixels; 0 = the dashboard's own size
 * @param height      viewport height in CSS pixels; 0 = the dashboard's own size
 * @param requestedAt when it was asked for
 * @param fireAt      the scheduled fire time this render is for (pre-render), or null for "now"
 */
public record ScreenshotRequest(DashboardId dashboardId, String requestId, int width, int height, Instant requestedAt,
        Instant fireAt) {

    /** A render for now (no scheduled fire time): the form this record had before {@code fireAt} was added. */
    public ScreenshotRequest(DashboardId dashboardId, String requestId, int width, int height, Instant requestedAt) {
        this(dashboardId, requestId, width, height, requestedAt, null);
    }
}
