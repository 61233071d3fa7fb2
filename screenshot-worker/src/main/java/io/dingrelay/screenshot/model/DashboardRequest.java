package io.dingrelay.screenshot.model;

import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /api/dashboards} and {@code PUT /api/dashboards/{id}}: either a dataset and its charts,
 * or an external {@code url}.
 *
 * @param id            optional on POST (one is made up); lower-case letters, digits, '-', '_'
 * @param title         required
 * @param dataset       the dataset charted (it must exist)
 * @param charts        required with a dataset
 * @param labels        optional display names of metrics
 * @param url           an external http(s) page instead of a dataset
 * @param readySelector optional, external pages only
 * @param width         default 800
 * @param height        default 600
 */
public record DashboardRequest(String id, String title, String dataset, List<ChartSpec> charts, Map<String, String> labels,
        String url, String readySelector, Integer width, Integer height) {
}
