package io.dingrelay.screenshot.service;

import io.dingrelay.screenshot.config.ScreenshotConfig;
import io.dingrelay.screenshot.model.ChartSpec;
import io.dingrelay.screenshot.model.Dashboard;
import io.dingrelay.screenshot.model.DashboardRequest;
import io.dingrelay.screenshot.persistence.DashboardRepository;
import io.dingrelay.screenshot.persistence.DatasetRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** Dashboard definitions: validated field by field, stored, versioned. */
@ApplicationScoped
public class DashboardService {

    static final int DEFAULT_WIDTH = 800;
    static final int DEFAULT_HEIGHT = 600;
    static final int MIN_WIDTH = 200;
    static final int MIN_HEIGHT = 150;
    static final int MAX_CHARTS = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DashboardRepository dashboards;
    private final DatasetRepository datasets;
    private final ScreenshotConfig config;

    public DashboardService(DashboardRepository dashboards, DatasetRepository datasets, ScreenshotConfig config) {
        this.dashboards = dashboards;
        this.datasets = datasets;
        this.config = config;
    }

    public Uni<Dashboard> create(DashboardRequest request) {
        String id = request != null && request.id() != null ? request.id()
                : "d-" + HexFormat.of().formatHex(RANDOM.generateSeed(4));
        return validated(id, request).chain(d -> dashboards.insert(d).chain(inserted -> {
            if (!inserted) {
                return Uni.createFrom().failure(new ConflictException("dashboard '" + id
                        + "' exists already; PUT /api/dashboards/" + id + " replaces it"));
            }
            return find(id);
        }));
    }

    public Uni<Dashboard> replace(String id, DashboardRequest request) {
        if (request != null && request.id() != null && !request.id().equals(id)) {
            throw new InvalidRequestException("id", "id '" + request.id() + "' in the body differs from '" + id + "' in the path");
        }
        return validated(id, request).chain(d -> dashboards.replace(d).chain(replaced -> replaced ? find(id)
                : Uni.createFrom().failure(unknown(id))));
    }

    public Uni<Dashboard> find(String id) {
        return dashboards.find(id).map(d -> d.orElseThrow(() -> unknown(id)));
    }

    public Uni<List<Dashboard>> list() {
        return dashboards.list();
    }

    public Uni<Void> delete(String id) {
        return dashboards.delete(id).map(deleted -> {
            if (!deleted) {
                throw unknown(id);
            }
            return null;
        });
    }

    static NotFoundException unknown(String id) {
        return new NotFoundException("unknown dashboard '" + id + "'");
    }

    private Uni<Dashboard> validated(String id, DashboardRequest r) {
        if (r == null) {
            throw new InvalidRequestException("body", "a JSON dashboard definition is required");
        }
        if (!DatasetService.NAME.matcher(id).matches()) {
            throw new InvalidRequestException("id", "id '" + id + "' must be 1-64 lower-case letters, digits, '-' or '_'");
        }
        if (r.title() == null || r.title().isBlank() || r.title().length() > 200) {
            throw new InvalidRequestException("title", "title is required, at most 200 characters");
        }
        int width = r.width() == null ? DEFAULT_WIDTH : r.width();
        int height = r.height() == null ? DEFAULT_HEIGHT : r.height();
        checkSize(width, height, config);
        if ((r.dataset() == null) == (r.url() == null)) {
            throw new InvalidRequestException("dataset", "give either dataset (with charts) or url (an external page)");
        }
        if (r.url() != null) {
            checkUrl(r.url());
            if (r.charts() != null && !r.charts().isEmpty()) {
                throw new InvalidRequestException("charts", "an external dashboard (url) has no charts");
            }
            Dashboard d = new Dashboard(id, r.title().trim(), null, List.of(), Map.of(), r.url(), blankToNull(r.readySelector()),
                    width, height, 1, null, null);
            return Uni.createFrom().item(d);
        }
        if (r.readySelector() != null) {
            throw new InvalidRequestException("readySelector", "only external dashboards (url) take a readySelector");
        }
        DatasetService.checkName(r.dataset());
        checkCharts(r.charts());
        Map<String, String> labels = r.labels() == null ? Map.of() : Map.copyOf(r.labels());
        Dashboard d = new Dashboard(id, r.title().trim(), r.dataset(), List.copyOf(r.charts()), labels, null, null,
                width, height, 1, null, null);
        return datasets.revision(r.dataset()).map(rev -> {
            if (rev.isEmpty()) {
                throw new InvalidRequestException("dataset", "unknown dataset '" + r.dataset()
                        + "'; create it with PUT /api/datasets/" + r.dataset() + " or by posting its points");
            }
            return d;
        });
    }

    /** Sizes are limited so that one request cannot make Chromium allocate a huge page. */
    public static void checkSize(int width, int height, ScreenshotConfig config) {
        if (width < MIN_WIDTH || width > config.maxWidth()) {
            throw new InvalidRequestException("width", "width " + width + " is outside " + MIN_WIDTH + "-" + config.maxWidth());
        }
        if (height < MIN_HEIGHT || height > config.maxHeight()) {
            throw new InvalidRequestException("height", "height " + height + " is outside " + MIN_HEIGHT + "-" + config.maxHeight());
        }
    }

    private static void checkUrl(String url) {
        try {
            URI uri = new URI(url);
            if (!uri.isAbsolute() || uri.getHost() == null
                    || !("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))) {
                throw new InvalidRequestException("url", "url must be an absolute http or https URL");
            }
        } catch (URISyntaxException e) {
            throw new InvalidRequestException("url", "url is not a URL: " + e.getReason());
        }
    }

    private static void checkCharts(List<ChartSpec> charts) {
        if (charts == null || charts.isEmpty()) {
            throw new InvalidRequestException("charts", "a dataset dashboard needs at least one chart");
        }
        if (charts.size() > MAX_CHARTS) {
            throw new InvalidRequestException("charts", "at most " + MAX_CHARTS + " charts");
        }
        for (int i = 0; i < charts.size(); i++) {
            ChartSpec c = charts.get(i);
            String at = "charts[" + i + "]";
            if (c == null || c.type() == null || !ChartSpec.TYPES.contains(c.type())) {
                throw new InvalidRequestException(at + ".type", at + ".type must be one of " + ChartSpec.TYPES);
            }
            if (c.metrics() == null || c.metrics().isEmpty()) {
                throw new InvalidRequestException(at + ".metrics", at + ".metrics must name at least one metric");
            }
            for (String m : c.metrics()) {
                if (m == null || !PointsParser.METRIC.matcher(m).matches()) {
                    throw new InvalidRequestException(at + ".metrics", at + ".metrics: '" + m + "' is not a metric name");
                }
            }
            if (c.days() != null && (c.days() < 2 || c.days() > 366)) {
                throw new InvalidRequestException(at + ".days", at + ".days must be 2-366");
            }
            if (c.top() != null && (c.top() < 1 || c.top() > 50)) {
                throw new InvalidRequestException(at + ".top", at + ".top must be 1-50");
            }
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
