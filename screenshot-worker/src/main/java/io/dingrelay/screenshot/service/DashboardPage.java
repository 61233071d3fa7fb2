package io.dingrelay.screenshot.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dingrelay.screenshot.model.ChartSpec;
import io.dingrelay.screenshot.model.Dashboard;
import io.dingrelay.screenshot.model.DatasetSummary;
import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the dashboard template shows: headline cards as HTML, and the line and bar charts as a JSON spec the page's
 * script hands to ECharts. Built from one consistent snapshot of the dataset, whose version the page carries in
 * {@code data-version} so the renderer files the picture under the data it really shows.
 *
 * @param title      the heading
 * @param day        "数据截至 2026-11-30" line; null when empty
 * @param version    {@code v<dashboard version>.r<dataset revision>}
 * @param empty      the dataset has no points (the page says so; the render still succeeds)
 * @param fontFamily CSS font stack
 * @param echarts    path of ECharts served from the org.mvnpm:echarts jar
 * @param blocks     the charts top to bottom
 * @param specJson   the charts' data for the script, safe inside a script element
 */
public record DashboardPage(String title, String day, String version, boolean empty, String fontFamily, String echarts,
        List<Block> blocks, String specJson) {

    /** Whether the page loads ECharts at all (headline-only and empty pages do not need its 1 MB). */
    public boolean drawsCharts() {
        return !specJson.startsWith("{\"charts\":[]");
    }

    /** One block of the page: {@code headline} with cards, or {@code chart} (drawn by ECharts into {@code domId}). */
    public record Block(String kind, String domId, String title, List<Card> cards) {
    }

    /** A headline figure. {@code trend}: up, down or flat (for the colour of the change). */
    public record Card(String label, String value, String delta, String trend) {
    }

    /** Colours of the charts, fixed so a picture stays the same for the same data (and tests can find them). */
    public static final List<String> LINE_COLOURS = List.of("#5470c6", "#91cc75", "#fac858", "#ee6666", "#73c0de", "#9a60b4");
    public static final String BAR_COLOUR = "#3ba272";

    public static String version(Dashboard d, long revision) {
        return "v" + d.version() + ".r" + revision;
    }

    public static DashboardPage build(Dashboard d, DatasetSummary summary, Figures figures, String fontFamily,
            String echarts, ObjectMapper json) {
        List<Block> blocks = new ArrayList<>();
        List<Map<String, Object>> spec = new ArrayList<>();
        int i = 0;
        for (ChartSpec c : d.charts()) {
            String domId = "chart-" + i++;
            String title = c.title();
            switch (c.type()) {
                case ChartSpec.HEADLINE -> {
                    List<Card> cards = new ArrayList<>();
                    for (String metric : c.metrics()) {
                        figures.headline(metric, c.region()).ifPresent(h -> cards.add(new Card(d.label(metric),
                                format(h.value()), h.delta() == null ? null : signed(h.delta()),
                                h.delta() == null ? "flat" : h.delta().signum() > 0 ? "up" : h.delta().signum() < 0 ? "down" : "flat")));
                    }
                    blocks.add(new Block("headline", domId, title, cards));
                }
                case ChartSpec.LINE -> {
                    Map<String, Object> s = new LinkedHashMap<>();
                    s.put("kind", "line");
                    s.put("id", domId);
                    List<Object> series = new ArrayList<>();
                    List<String> days = null;
                    int colour = 0;
                    for (String metric : c.metrics()) {
                        List<Figures.DayValue> values = figures.series(metric, c.region(), c.daysOrDefault());
                        if (days == null) {
                            days = values.stream().map(v -> v.day().toString().substring(5)).toList();
                        }
                        series.add(Map.of("name", d.label(metric),
                                "color", LINE_COLOURS.get(colour++ % LINE_COLOURS.size()),
                                "data", values.stream().map(v -> v.value() == null ? null : (Object) v.value()).toList()));
                    }
                    s.put("days", days == null ? List.of() : days);
                    s.put("series", series);
                    spec.add(s);
                    blocks.add(new Block("chart", domId, title != null ? title : joinLabels(d, c) + " 趋势", List.of()));
                }
                case ChartSpec.BAR -> {
                    String metric = c.metrics().get(0);
                    List<Figures.RegionValue> values = figures.byRegion(metric, c.topOrDefault());
                    Map<String, Object> s = new LinkedHashMap<>();
                    s.put("kind", "bar");
                    s.put("id", domId);
                    s.put("name", d.label(metric));
                    s.put("color", BAR_COLOUR);
                    s.put("regions", values.stream().map(Figures.RegionValue::region).toList());
                    s.put("values", values.stream().map(Figures.RegionValue::value).toList());
                    spec.add(s);
                    blocks.add(new Block("chart", domId, title != null ? title : d.label(metric) + " 按地区", List.of()));
                }
                default -> throw new IllegalStateException("unknown chart type " + c.type());
            }
        }
        boolean empty = figures.isEmpty();
        if (empty) {
            spec.clear();
        }
        String specJson;
        try {
            specJson = json.writeValueAsString(Map.of("charts", spec))
                    // Inside <script>: a "</script>" in a region name must not end the element.
                    .replace("</", "<\\/").replace("<!--", "<\\!--");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        String day = figures.latestDay().map(x -> "数据截至 " + x).orElse(null);
        return new DashboardPage(d.title(), day, version(d, summary.revision()), empty, fontFamily, echarts,
                empty ? List.of() : blocks, specJson);
    }

    private static String joinLabels(Dashboard d, ChartSpec c) {
        return String.join(" / ", c.metrics().stream().map(d::label).toList());
    }

    static String format(BigDecimal v) {
        DecimalFormat f = new DecimalFormat("#,##0.##", DecimalFormatSymbols.getInstance(Locale.ROOT));
        return f.format(v);
    }

    static String signed(BigDecimal v) {
        return (v.signum() > 0 ? "+" : "") + format(v);
    }
}
