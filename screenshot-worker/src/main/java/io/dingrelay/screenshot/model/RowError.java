package io.dingrelay.screenshot.model;

/**
 * Why one row of an ingest was refused.
 *
 * @param row     1-based: the element of a JSON array, or the line of a CSV file (the header is line 1)
 * @param field   the field or column at fault
 * @param value   what was given (cut to 80 characters), or null when it was missing
 * @param message why it is refused
 */
public record RowError(int row, String field, String value, String message) {

    public static RowError of(int row, String field, String value, String message) {
        String shown = value == null ? null : value.length() > 80 ? value.substring(0, 80) + "…" : value;
        return new RowError(row, field, shown, message);
    }
}
