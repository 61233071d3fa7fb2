package io.dingrelay.screenshot.service;

import io.dingrelay.screenshot.config.ScreenshotConfig;
import io.dingrelay.screenshot.model.ChartSpec;
import io.dingrelay.screenshot.model.DashboardRequest;
import io.dingrelay.screenshot.model.Point;
import io.dingrelay.screenshot.persistence.DatasetRepository;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The local stack's demo ({@code dingrelay.screenshot.seed-demo=true}): dataset {@code epidemic} (confirmed,
 * suspected, cured, deaths for eight provinces over the last 14 days) and dashboard {@code daily} (headline figures,
 * a trend line, a bar chart by province), created only when missing so a restart keeps what you changed.
 */
@ApplicationScoped
public class DemoSeeder {

    private static final Logger LOG = Logger.getLogger(DemoSeeder.class);
    public static final String DATASET = "epidemic";
    public static final String DASHBOARD = "daily";
    static final List<String> REGIONS = List.of("湖北", "广东", "浙江", "河南", "湖南", "安徽", "北京", "上海");
    static final Map<String, String> LABELS = Map.of("confirmed", "确诊", "suspected", "疑似", "cured", "治愈", "deaths", "死亡");

    private final ScreenshotConfig config;
    private final DatasetRepository datasets;
    private final DashboardService dashboards;

    public DemoSeeder(ScreenshotConfig config, DatasetRepository datasets, DashboardService dashboards) {
        this.config = config;
        this.datasets = datasets;
        this.dashboards = dashboards;
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.seedDemo()) {
            return;
        }
        seed().subscribe().with(
                created -> LOG.infof(created ? "Seeded the demo dataset '%s' and dashboard '%s'"
                        : "Demo dataset '%s' and dashboard '%s' already there", DATASET, DASHBOARD),
                failure -> LOG.errorf(failure, "Seeding the demo failed"));
    }

    /** True when something was created. */
    public Uni<Boolean> seed() {
        return datasets.revision(DATASET).chain(rev -> {
            Uni<Boolean> data = rev.isPresent() ? Uni.createFrom().item(false)
                    : datasets.ingest(DATASET, points(LocalDate.now(ZoneId.of("Asia/Shanghai")))).replaceWith(true);
            return data.chain(seeded -> dashboards.list().chain(all -> {
                if (all.stream().anyMatch(d -> d.id().equals(DASHBOARD))) {
                    return Uni.createFrom().item(seeded);
                }
                return dashboards.create(standard(DASHBOARD, DATASET)).replaceWith(true);
            }));
        });
    }

    /** The standard dashboard: the one the benchmark renders. */
    public static DashboardRequest standard(String id, String dataset) {
        return new DashboardRequest(id, "疫情每日简报", dataset, List.of(
                new ChartSpec(ChartSpec.HEADLINE, null, List.of("confirmed", "suspected", "cured", "deaths"), null, null, null),
                new ChartSpec(ChartSpec.LINE, "全国确诊与治愈趋势", List.of("confirmed", "cured"), null, 14, null),
                new ChartSpec(ChartSpec.BAR, "各省确诊", List.of("confirmed"), null, null, 8)),
                LABELS, null, null, 800, 900);
    }

    /** Deterministic demo figures: cumulative counts growing by province-sized steps. */
    static List<Point> points(LocalDate lastDay) {
        List<Point> out = new ArrayList<>();
        for (int r = 0; r < REGIONS.size(); r++) {
            long base = 4000L / (r + 1);
            for (int d = 0; d < 14; d++) {
                LocalDate day = lastDay.minusDays(13 - d);
                long confirmed = base + (long) d * (120 / (r + 1) + 7) + (d * d * (8 - r)) / 3;
                long cured = confirmed * (30 + d * 3) / 100;
                long deaths = confirmed * (2 + r % 3) / 100;
                long suspected = Math.max(5, (14 - d) * (40 / (r + 1) + 3));
                out.add(new Point("confirmed", REGIONS.get(r), day, BigDecimal.valueOf(confirmed)));
                out.add(new Point("cured", REGIONS.get(r), day, BigDecimal.valueOf(cured)));
                out.add(new Point("deaths", REGIONS.get(r), day, BigDecimal.valueOf(deaths)));
                out.add(new Point("suspected", REGIONS.get(r), day, BigDecimal.valueOf(suspected)));
            }
        }
        return out;
    }
}
