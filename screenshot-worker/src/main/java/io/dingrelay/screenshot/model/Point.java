package io.dingrelay.screenshot.model;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * One value of a dataset: a metric (e.g. {@code confirmed}) of a region on a day.
 *
 * @param metric what is counted
 * @param region where; {@link #TOTAL} when the figure is not split by region
 * @param day    the day it is for
 * @param value  the figure
 */
public record Point(String metric, String region, LocalDate day, BigDecimal value) {

    /** The region of figures given without one. */
    public static final String TOTAL = "total";

    /** The identity of a point in its dataset: a later point with the same key replaces the value. */
    public String key() {
        return metric + '\u0000' + region + '\u0000' + day;
    }
}
