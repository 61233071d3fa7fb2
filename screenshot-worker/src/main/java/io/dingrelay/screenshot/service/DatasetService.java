package io.dingrelay.screenshot.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dingrelay.screenshot.config.ScreenshotConfig;
import io.dingrelay.screenshot.model.DatasetSummary;
import io.dingrelay.screenshot.model.Point;
import io.dingrelay.screenshot.persistence.DatasetRepository;
import io.dingrelay.screenshot.persistence.DatasetRepository.IngestResult;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/** Datasets: ingestion (validated as a whole), reading, and the latest figures as template variables. */
@ApplicationScoped
public class DatasetService {

    private static final Logger LOG = Logger.getLogger(DatasetService.class);
    /** Dataset names appear in URLs and template variable names. */
    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    private final DatasetRepository datasets;
    private final PointsParser parser;
    private final MeterRegistry meters;

    public DatasetService(DatasetRepository datasets, ObjectMapper json, ScreenshotConfig config, MeterRegistry meters) {
        this.datasets = datasets;
        this.parser = new PointsParser(json, config.maxPointsPerRequest());
        this.meters = meters;
    }

    public static String checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidRequestException("name", "dataset name '" + name
                    + "' must be 1-64 lower-case letters, digits, '-' or '_', starting with a letter or digit");
        }
        return name;
    }

    /** Creates an empty dataset (idempotent); true when it was created. */
    public Uni<Boolean> create(String name) {
        return datasets.create(checkName(name));
    }

    /** Parses and stores the points; nothing is stored when a row is bad. A repeated point replaces the earlier one. */
    public Uni<IngestResult> ingest(String name, String body, boolean csv) {
        checkName(name);
        List<Point> parsed;
        try {
            parsed = parser.parse(body == null ? "" : body, csv);
        } catch (InvalidPointsException e) {
            meters.counter("dingrelay.screenshot.ingests", "result", "invalid").increment();
            throw e;
        }
        Map<String, Point> unique = new LinkedHashMap<>();
        parsed.forEach(p -> unique.put(p.key(), p));
        return datasets.ingest(name, unique.values()).invoke(r -> {
            meters.counter("dingrelay.screenshot.ingests", "result", "stored").increment();
            meters.counter("dingrelay.screenshot.points.changed").increment(r.changed());
            LOG.infof("Dataset %s: %d points received, %d changed, revision %d", name, r.received(), r.changed(), r.revision());
        });
    }

    public Uni<DatasetSummary> summary(String name) {
        return datasets.summary(checkName(name)).map(s -> s.orElseThrow(() -> unknown(name)));
    }

    public Uni<List<DatasetSummary>> list() {
        return datasets.list();
    }

    public Uni<List<Point>> points(String name, String metric, String region, LocalDate from, LocalDate to) {
        return summary(name).chain(s -> datasets.points(name, metric, region, from, to));
    }

    /**
     * The latest figures of a dataset.
     *
     * @param dataset   the dataset
     * @param revision  its data version
     * @param day       its latest day, null when empty
     * @param metrics   per metric: latest day, value (total over regions), previous day's value, change, by region
     * @param variables the same as flat strings for message templates: {@code <dataset>.<metric>},
     *                  {@code <dataset>.<metric>.previous}, {@code <dataset>.<metric>.delta} (signed),
     *                  {@code <dataset>.<metric>.day}, {@code <dataset>.<metric>.<region>}, {@code <dataset>.day}
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Latest(String dataset, long revision, LocalDate day, Map<String, MetricLatest> metrics,
            Map<String, String> variables) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MetricLatest(LocalDate day, BigDecimal value, BigDecimal previous, BigDecimal delta,
            Map<String, BigDecimal> regions) {
    }

    public Uni<Latest> latest(String name) {
        checkName(name);
        return datasets.snapshot(name).map(snapshot -> {
            if (snapshot.summary() == null) {
                throw unknown(name);
            }
            Figures figures = Figures.of(snapshot.points());
            Map<String, MetricLatest> metrics = new LinkedHashMap<>();
            Map<String, String> vars = new LinkedHashMap<>();
            LocalDate day = figures.latestDay().orElse(null);
            if (day != null) {
                vars.put(name + ".day", day.toString());
            }
            for (String metric : figures.metrics()) {
                figures.headline(metric, null).ifPresent(h -> {
                    Map<String, BigDecimal> regions = figures.regionsOnLatestDay(metric);
                    metrics.put(metric, new MetricLatest(h.day(), h.value(), h.previous(), h.delta(), regions));
                    String prefix = name + "." + metric;
                    vars.put(prefix, plain(h.value()));
                    vars.put(prefix + ".day", h.day().toString());
                    if (h.previous() != null) {
                        vars.put(prefix + ".previous", plain(h.previous()));
                        vars.put(prefix + ".delta", signed(h.delta()));
                    }
                    regions.forEach((region, v) -> vars.put(prefix + "." + region, plain(v)));
                });
            }
            return new Latest(name, snapshot.summary().revision(), day, metrics, vars);
        });
    }

    static String plain(BigDecimal v) {
        return v.signum() == 0 ? "0" : v.stripTrailingZeros().toPlainString();
    }

    static String signed(BigDecimal v) {
        return (v.signum() > 0 ? "+" : "") + plain(v);
    }

    static NotFoundException unknown(String name) {
        return new NotFoundException("unknown dataset '" + name + "'");
    }
}
