package io.dingrelay.events.screenshot;

import io.dingrelay.events.ids.DashboardId;
import java.time.Instant;

/**
 * A rendered dashboard, on {@code screenshot.ready} (key: dashboard id). Also sent when a render failed
 * ({@code status} {@link #FAILED}, no image), so the dispatcher stops waiting at once instead of at its limit.
 *
 * @param dashboardId the dashboard
 * @param requestId   the request it answers
 * @param imageUrl    where the PNG is served (public base URL + {@code /images/{sha256}.png}); null when failed
 * @param sha256      the PNG's content hash; null when failed
 * @param renderedAt  when it was rendered (for a cached image: when it was first rendered)
 * @param dataVersion the version of the data the image shows (dataset revision and dashboard version); null when failed
 * @param fireAt      the request's scheduled fire time, echoed; null for a render for now
 * @param status      {@link #READY} or {@link #FAILED}; null from producers older than this field means READY
 * @param error       why it failed (timeout, unknown dashboard, ...); null when ready
 */
public record ScreenshotReady(DashboardId dashboardId, String requestId, String imageUrl, String sha256, Instant renderedAt,
        String dataVersion, Instant fireAt, String status, String error) {

    public static final String READY = "READY";
    public static final String FAILED = "FAILED";

    /** A ready image without version, fire time or status: the form this record had before they were added. */
    public ScreenshotReady(DashboardId dashboardId, String requestId, String imageUrl, String sha256, Instant renderedAt) {
        this(dashboardId, requestId, imageUrl, sha256, renderedAt, null, null, READY, null);
    }

    /** True unless the worker reported a failure (a missing status, from an older producer, means ready). */
    public boolean ready() {
        return !FAILED.equals(status) && imageUrl != null;
    }
}
