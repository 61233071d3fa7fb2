package io.dingrelay.screenshot.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A dashboard: a page of charts over one dataset, served at {@code /dashboards/{id}}, or an external page (for
 * example a Grafana panel) rendered as it is.
 *
 * @param id            the id in URLs and on {@code screenshot.*} records
 * @param title         the page's heading
 * @param dataset       the dataset charted; null for an external dashboard
 * @param charts        the charts, top to bottom; empty for an external dashboard
 * @param labels        display names of metrics (e.g. {@code confirmed → 确诊}); optional
 * @param url           the external page; null for a dataset dashboard
 * @param readySelector external pages: a CSS selector that matches once the page has drawn; null = wait until the
 *                      network is idle
 * @param width         viewport width, CSS pixels
 * @param height        viewport height, CSS pixels
 * @param version       goes up with every change of the definition (part of the data version of its images)
 * @param createdAt     first defined
 * @param updatedAt     last changed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Dashboard(String id, String title, String dataset, List<ChartSpec> charts, Map<String, String> labels,
        String url, String readySelector, int width, int height, int version, Instant createdAt, Instant updatedAt) {

    public boolean external() {
        return url != null;
    }

    public String label(String metric) {
        String label = labels == null ? null : labels.get(metric);
        return label != null ? label : metric;
    }
}
