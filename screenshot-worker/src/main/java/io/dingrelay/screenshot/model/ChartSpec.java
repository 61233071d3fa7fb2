package io.dingrelay.screenshot.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One chart of a dashboard.
 *
 * @param type    {@code headline} (the latest figures, with the change from the day before), {@code line} (metrics
 *                per day) or {@code bar} (one metric by region on the latest day)
 * @param title   shown above the chart; optional
 * @param metrics the metrics shown; for {@code bar} the first one
 * @param region  {@code line} and {@code headline}: one region; omitted: the sum over all regions
 * @param days    {@code line}: the last N days (default 30)
 * @param top     {@code bar}: the N largest regions (default 10)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChartSpec(String type, String title, List<String> metrics, String region, Integer days, Integer top) {

    public static final String HEADLINE = "headline";
    public static final String LINE = "line";
    public static final String BAR = "bar";
    public static final List<String> TYPES = List.of(HEADLINE, LINE, BAR);
    public static final int DEFAULT_DAYS = 30;
    public static final int DEFAULT_TOP = 10;

    public int daysOrDefault() {
        return days == null ? DEFAULT_DAYS : days;
    }

    public int topOrDefault() {
        return top == null ? DEFAULT_TOP : top;
    }
}
