package io.dingrelay.screenshot.service;

import io.dingrelay.screenshot.model.Point;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The figures of a dataset as charts and templates need them: totals per day, the latest day, values by region.
 *
 * <p>A day's total of a metric is its {@code total} region when one was given, otherwise the sum of its regions
 * (summing both would count twice).
 */
public final class Figures {

    /** metric → day → region → value */
    private final Map<String, NavigableMap<LocalDate, Map<String, BigDecimal>>> byMetric = new TreeMap<>();

    private Figures() {
    }

    public static Figures of(List<Point> points) {
        Figures f = new Figures();
        for (Point p : points) {
            f.byMetric.computeIfAbsent(p.metric(), m -> new TreeMap<>())
                    .computeIfAbsent(p.day(), d -> new LinkedHashMap<>())
                    .put(p.region(), p.value());
        }
        return f;
    }

    public boolean isEmpty() {
        return byMetric.isEmpty();
    }

    public List<String> metrics() {
        return List.copyOf(byMetric.keySet());
    }

    /** The latest day with a value of this metric. */
    public Optional<LocalDate> latestDay(String metric) {
        NavigableMap<LocalDate, Map<String, BigDecimal>> days = byMetric.get(metric);
        return days == null || days.isEmpty() ? Optional.empty() : Optional.of(days.lastKey());
    }

    /** The latest day of any metric. */
    public Optional<LocalDate> latestDay() {
        return byMetric.values().stream().filter(d -> !d.isEmpty()).map(NavigableMap::lastKey).max(Comparator.naturalOrder());
    }

    /** The day with a value of this metric before {@code day}. */
    public Optional<LocalDate> dayBefore(String metric, LocalDate day) {
        NavigableMap<LocalDate, Map<String, BigDecimal>> days = byMetric.get(metric);
        return days == null ? Optional.empty() : Optional.ofNullable(days.lowerKey(day));
    }

    /** The metric on that day for one region, or the total when {@code region} is null. */
    public Optional<BigDecimal> value(String metric, String region, LocalDate day) {
        NavigableMap<LocalDate, Map<String, BigDecimal>> days = byMetric.get(metric);
        Map<String, BigDecimal> regions = days == null ? null : days.get(day);
        if (regions == null) {
            return Optional.empty();
        }
        if (region != null) {
            return Optional.ofNullable(regions.get(region));
        }
        BigDecimal total = regions.get(Point.TOTAL);
        return Optional.of(total != null ? total : regions.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add));
    }

    /**
     * A headline: the latest value and the change from the day before.
     *
     * @param previous null when there is no earlier day
     */
    public record Headline(String metric, LocalDate day, BigDecimal value, BigDecimal previous) {

        public BigDecimal delta() {
            return previous == null ? null : value.subtract(previous);
        }
    }

    public Optional<Headline> headline(String metric, String region) {
        return latestDay(metric).flatMap(day -> value(metric, region, day).map(v -> new Headline(metric, day, v,
                dayBefore(metric, day).flatMap(prev -> value(metric, region, prev)).orElse(null))));
    }

    /** One point of a line: a day and the value, null where the metric has no value that day. */
    public record DayValue(LocalDate day, BigDecimal value) {
    }

    /** The last {@code days} days up to the dataset's latest day, for one region or the total. */
    public List<DayValue> series(String metric, String region, int days) {
        List<DayValue> out = new ArrayList<>();
        Optional<LocalDate> last = latestDay();
        if (last.isEmpty()) {
            return out;
        }
        for (LocalDate d = last.get().minusDays(days - 1L); !d.isAfter(last.get()); d = d.plusDays(1)) {
            out.add(new DayValue(d, value(metric, region, d).orElse(null)));
        }
        return out;
    }

    /** A region's value. */
    public record RegionValue(String region, BigDecimal value) {
    }

    /** The metric on its latest day by region (without the {@code total} row), largest first. */
    public List<RegionValue> byRegion(String metric, int top) {
        Optional<LocalDate> day = latestDay(metric);
        if (day.isEmpty()) {
            return List.of();
        }
        return byMetric.get(metric).get(day.get()).entrySet().stream()
                .filter(e -> !Point.TOTAL.equals(e.getKey()))
                .map(e -> new RegionValue(e.getKey(), e.getValue()))
                .sorted(Comparator.comparing(RegionValue::value).reversed().thenComparing(RegionValue::region))
                .limit(top)
                .toList();
    }

    /** Regions with a value of the metric on its latest day (without {@code total}). */
    public Map<String, BigDecimal> regionsOnLatestDay(String metric) {
        Map<String, BigDecimal> out = new TreeMap<>();
        latestDay(metric).ifPresent(day -> byMetric.get(metric).get(day).forEach((r, v) -> {
            if (!Point.TOTAL.equals(r)) {
                out.put(r, v);
            }
        }));
        return out;
    }
}
