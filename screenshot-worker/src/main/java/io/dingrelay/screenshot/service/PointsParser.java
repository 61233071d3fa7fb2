package io.dingrelay.screenshot.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import io.dingrelay.screenshot.model.Point;
import io.dingrelay.screenshot.model.RowError;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads the points of an ingest, JSON or CSV, and refuses the whole ingest naming every bad row (nothing is stored
 * half-way).
 *
 * <p>JSON: an array, or {@code {"points":[...]}}, of objects with {@code date} (yyyy-MM-dd), optional
 * {@code region}, and either {@code metric} + {@code value} or {@code values} ({@code {"confirmed":12,...}}).
 * CSV: a header line naming {@code date}, optionally {@code region}, then either {@code metric} and {@code value}
 * columns (long form) or one column per metric (wide form; an empty cell is no value). Values are numbers.
 */
public final class PointsParser {

    /** Metric names: letters (any script), digits, {@code _ - .}; they become template variables. */
    static final Pattern METRIC = Pattern.compile("[\\p{L}\\p{N}_.\\-]{1,64}");
    private static final int MAX_REGION = 64;
    private static final int MAX_ERRORS_LISTED = 100;

    private final ObjectMapper json;
    private final CsvMapper csv = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY)
            .enable(CsvParser.Feature.TRIM_SPACES);
    private final int maxPoints;

    public PointsParser(ObjectMapper json, int maxPoints) {
        this.json = json;
        this.maxPoints = maxPoints;
    }

    /** The points, or {@link InvalidPointsException} listing the rows at fault. */
    public List<Point> parse(String body, boolean isCsv) {
        Result result = isCsv ? parseCsv(body) : parseJson(body);
        if (!result.errors.isEmpty()) {
            throw new InvalidPointsException(result.errors.size(), result.errors.subList(0,
                    Math.min(MAX_ERRORS_LISTED, result.errors.size())));
        }
        if (result.points.size() > maxPoints) {
            throw new InvalidPointsException(0, List.of(RowError.of(0, "points", String.valueOf(result.points.size()),
                    "more than " + maxPoints + " points in one request; send them in several")));
        }
        return result.points;
    }

    private record Result(List<Point> points, List<RowError> errors) {
    }

    private Result parseJson(String body) {
        List<Point> points = new ArrayList<>();
        List<RowError> errors = new ArrayList<>();
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            errors.add(RowError.of(0, "body", null, "not JSON: " + e.getOriginalMessage()));
            return new Result(points, errors);
        } catch (IOException e) {
            errors.add(RowError.of(0, "body", null, "not JSON: " + e.getMessage()));
            return new Result(points, errors);
        }
        JsonNode rows = root != null && root.isObject() ? root.get("points") : root;
        if (rows == null || !rows.isArray()) {
            errors.add(RowError.of(0, "body", null, "expected an array of points or {\"points\":[...]}"));
            return new Result(points, errors);
        }
        int row = 0;
        for (JsonNode node : rows) {
            row++;
            if (!node.isObject()) {
                errors.add(RowError.of(row, "point", node.toString(), "expected an object"));
                continue;
            }
            int before = errors.size();
            LocalDate day = date(row, text(node.get("date")), errors);
            String region = region(row, node.has("region") ? text(node.get("region")) : null, errors);
            Map<String, JsonNode> values = new LinkedHashMap<>();
            if (node.has("values")) {
                JsonNode v = node.get("values");
                if (!v.isObject() || v.isEmpty()) {
                    errors.add(RowError.of(row, "values", v.toString(), "expected an object of metric: number"));
                } else {
                    v.fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue()));
                }
            } else if (node.has("metric") || node.has("value")) {
                values.put(text(node.get("metric")), node.get("value"));
            } else {
                errors.add(RowError.of(row, "metric", null, "missing: give metric and value, or values"));
            }
            List<Point> rowPoints = new ArrayList<>();
            for (Map.Entry<String, JsonNode> e : values.entrySet()) {
                String m = metric(row, e.getKey(), errors);
                BigDecimal number = jsonNumber(row, m == null ? "value" : m, e.getValue(), errors);
                if (m != null && number != null) {
                    rowPoints.add(new Point(m, region, day, number));
                }
            }
            if (errors.size() == before && day != null) {
                points.addAll(rowPoints);
            }
        }
        return new Result(points, errors);
    }

    private Result parseCsv(String body) {
        List<Point> points = new ArrayList<>();
        List<RowError> errors = new ArrayList<>();
        try (MappingIterator<String[]> it = csv.readerFor(String[].class).readValues(body)) {
            if (!it.hasNext()) {
                errors.add(RowError.of(1, "header", null, "empty CSV: expected a header line such as date,region,metric,value"));
                return new Result(points, errors);
            }
            String[] header = it.next();
            int line = 1;
            Columns columns = Columns.of(header, errors);
            if (columns == null) {
                return new Result(points, errors);
            }
            while (it.hasNext()) {
                String[] cells;
                line++;
                try {
                    cells = it.next();
                } catch (RuntimeException e) {
                    errors.add(RowError.of(line, "line", null, "not CSV: " + e.getMessage()));
                    break;
                }
                if (cells.length == 1 && cells[0].isEmpty()) {
                    continue;
                }
                if (cells.length > header.length) {
                    errors.add(RowError.of(line, "line", String.join(",", cells),
                            cells.length + " cells but the header has " + header.length));
                    continue;
                }
                int before = errors.size();
                LocalDate day = date(line, cell(cells, columns.date), errors);
                String region = region(line, columns.region < 0 ? null : cell(cells, columns.region), errors);
                List<Point> rowPoints = new ArrayList<>();
                if (columns.metric >= 0) {
                    String m = metric(line, cell(cells, columns.metric), errors);
                    BigDecimal v = textNumber(line, "value", cell(cells, columns.value), true, errors);
                    if (m != null && v != null) {
                        rowPoints.add(new Point(m, region, day, v));
                    }
                } else {
                    for (Map.Entry<Integer, String> e : columns.wide.entrySet()) {
                        BigDecimal v = textNumber(line, e.getValue(), cell(cells, e.getKey()), false, errors);
                        if (v != null) {
                            rowPoints.add(new Point(e.getValue(), region, day, v));
                        }
                    }
                }
                if (errors.size() == before && day != null) {
                    points.addAll(rowPoints);
                }
            }
        } catch (IOException | RuntimeException e) {
            errors.add(RowError.of(0, "body", null, "not CSV: " + e.getMessage()));
        }
        return new Result(points, errors);
    }

    /** Which column holds what. {@code wide}: column index to metric name, when there are no metric/value columns. */
    private record Columns(int date, int region, int metric, int value, Map<Integer, String> wide) {

        static Columns of(String[] header, List<RowError> errors) {
            int date = -1, region = -1, metric = -1, value = -1;
            Map<Integer, String> wide = new LinkedHashMap<>();
            for (int i = 0; i < header.length; i++) {
                String name = header[i].trim();
                switch (name.toLowerCase(Locale.ROOT)) {
                    case "date", "day" -> date = i;
                    case "region" -> region = i;
                    case "metric" -> metric = i;
                    case "value" -> value = i;
                    default -> {
                        if (!METRIC.matcher(name).matches()) {
                            errors.add(RowError.of(1, "header", name,
                                    "not a metric name (letters, digits, _ - ., at most 64)"));
                        }
                        wide.put(i, name);
                    }
                }
            }
            if (date < 0) {
                errors.add(RowError.of(1, "date", null, "the header has no date column"));
            }
            if ((metric < 0) != (value < 0)) {
                errors.add(RowError.of(1, metric < 0 ? "metric" : "value", null,
                        "long form needs both a metric and a value column"));
            }
            if (metric >= 0 && !wide.isEmpty()) {
                errors.add(RowError.of(1, "header", String.join(",", wide.values()),
                        "unknown columns beside metric and value"));
            }
            if (metric < 0 && value < 0 && wide.isEmpty()) {
                errors.add(RowError.of(1, "header", null, "no metric columns (wide form) nor metric,value (long form)"));
            }
            return errors.isEmpty() ? new Columns(date, region, metric, value, wide) : null;
        }
    }

    private static LocalDate date(int row, String text, List<RowError> errors) {
        if (text == null || text.isEmpty()) {
            errors.add(RowError.of(row, "date", null, "missing"));
            return null;
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            errors.add(RowError.of(row, "date", text, "not a date (yyyy-MM-dd)"));
            return null;
        }
    }

    private static String region(int row, String text, List<RowError> errors) {
        if (text == null || text.isEmpty()) {
            return Point.TOTAL;
        }
        if (text.length() > MAX_REGION || text.chars().anyMatch(Character::isISOControl)) {
            errors.add(RowError.of(row, "region", text, "at most " + MAX_REGION + " characters, no control characters"));
            return null;
        }
        return text;
    }

    private static String metric(int row, String text, List<RowError> errors) {
        if (text == null || text.isEmpty()) {
            errors.add(RowError.of(row, "metric", null, "missing"));
            return null;
        }
        if (!METRIC.matcher(text).matches()) {
            errors.add(RowError.of(row, "metric", text, "not a metric name (letters, digits, _ - ., at most 64)"));
            return null;
        }
        return text;
    }

    private static BigDecimal jsonNumber(int row, String field, JsonNode value, List<RowError> errors) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            errors.add(RowError.of(row, field, null, "missing"));
            return null;
        }
        if (!value.isNumber()) {
            errors.add(RowError.of(row, field, value.toString(), "not a number"));
            return null;
        }
        return value.decimalValue();
    }

    private static BigDecimal textNumber(int row, String field, String text, boolean required, List<RowError> errors) {
        if (text == null || text.isEmpty()) {
            if (required) {
                errors.add(RowError.of(row, field, null, "missing"));
            }
            return null;
        }
        try {
            return new BigDecimal(text.replace("_", ""));
        } catch (NumberFormatException e) {
            errors.add(RowError.of(row, field, text, "not a number"));
            return null;
        }
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.isTextual() ? node.asText().trim() : node.toString();
    }

    private static String cell(String[] cells, int index) {
        return index < cells.length ? cells[index] : null;
    }

}
