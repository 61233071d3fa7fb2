package io.dingrelay.registry.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.RuntimeJsonMappingException;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import io.dingrelay.events.EventJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a bulk import body into rows with their line numbers: NDJSON (one
 * {@code {"title","webhook","secret","tags":[…]}} per line; {@code name} is accepted for {@code title}) or CSV
 * with a header naming {@code title,webhook,secret,tags} (tags separated by {@code ;}). CSV is read with
 * jackson-dataformat-csv (quoting, embedded commas). A broken line becomes a row with its problem; it never
 * stops the reading of the others, so the report names every bad line at once.
 */
public final class ImportParser {

    public static final Set<String> CSV_COLUMNS = Set.of("title", "name", "webhook", "secret", "tags");
    private static final CsvMapper CSV = new CsvMapper();
    private static final com.fasterxml.jackson.databind.ObjectReader CSV_LINE = CSV.readerFor(String[].class)
            .with(CsvParser.Feature.WRAP_AS_ARRAY);

    private ImportParser() {
    }

    /** Rows of an NDJSON body; blank lines are skipped, but still counted. */
    public static List<ImportRow> ndjson(String body, int maxRows) {
        List<ImportRow> rows = new ArrayList<>();
        forEachLine(body, (text, line) -> {
            if (rows.size() >= maxRows) {
                throw new TooManyRowsException(maxRows);
            }
            rows.add(ndjsonRow(line, text));
        });
        return rows;
    }

    /** Calls {@code each} with the 1-based number and stripped text of every non-blank line. */
    private static void forEachLine(String body, java.util.function.ObjIntConsumer<String> each) {
        int line = 0;
        int start = 0;
        while (start < body.length()) {
            int end = body.indexOf('\n', start);
            if (end < 0) {
                end = body.length();
            }
            line++;
            String text = body.substring(start, end).strip();
            start = end + 1;
            if (!text.isEmpty()) {
                each.accept(text, line);
            }
        }
    }

    private static String limitReason(JsonProcessingException e) {
        return e instanceof com.fasterxml.jackson.core.exc.StreamConstraintsException ? "over a nesting or size limit" : "unreadable";
    }

    private static ImportRow ndjsonRow(int line, String text) {
        JsonNode node;
        try {
            node = EventJson.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            // Not e.getMessage(): Jackson quotes the input, which may hold a token.
            // Jackson's stream limits (nesting deeper than 1,000, a number of more than 1,000 digits) carry no
            // location: that was a NullPointerException answered 500 (found by the drill's fuzzer).
            return ImportRow.broken(line, e.getLocation() == null ? "not valid JSON (" + limitReason(e) + ")"
                    : "not valid JSON (column " + e.getLocation().getColumnNr() + ")");
        }
        if (!node.isObject()) {
            return ImportRow.broken(line, "not a JSON object");
        }
        JsonNode tags = node.get("tags");
        List<String> tagList = new ArrayList<>();
        if (tags != null && !tags.isNull()) {
            if (!tags.isArray()) {
                return new ImportRow(line, null, null, null, null, "tags must be an array of strings");
            }
            tags.forEach(t -> tagList.add(t.isTextual() ? t.asText() : null));
        }
        String title = text(node, "title");
        return new ImportRow(line, title != null ? title : text(node, "name"), text(node, "webhook"),
                text(node, "secret"), tagList, null);
    }

    /**
     * Rows of a CSV body with a header line. Each line is one row (titles and webhooks never span lines), so a
     * broken line is reported with its exact number and the next line is read afresh.
     */
    public static List<ImportRow> csv(String body, int maxRows) {
        List<ImportRow> rows = new ArrayList<>();
        List<List<String>> header = new ArrayList<>(1);
        forEachLine(body, (text, line) -> {
            if (header.isEmpty()) {
                header.add(header(text));
                return;
            }
            if (rows.size() >= maxRows) {
                throw new TooManyRowsException(maxRows);
            }
            rows.add(csvRow(line, text, header.get(0)));
        });
        if (header.isEmpty()) {
            throw new InvalidInputException("body", "is empty: a CSV import needs a header line and rows");
        }
        return rows;
    }

    private static List<String> header(String text) {
        String[] names = cells(text);
        if (names == null) {
            throw new InvalidInputException("header", "line 1 is not valid CSV");
        }
        List<String> out = new ArrayList<>();
        for (String name : names) {
            String n = name.strip().toLowerCase(java.util.Locale.ROOT);
            if (!CSV_COLUMNS.contains(n)) {
                throw new InvalidInputException("header", "unknown column '" + n + "' (allowed: title, webhook, secret, tags)");
            }
            out.add(n);
        }
        if (!out.contains("webhook")) {
            throw new InvalidInputException("header", "needs a webhook column");
        }
        return out;
    }

    private static ImportRow csvRow(int line, String text, List<String> header) {
        String[] cells = cells(text);
        if (cells == null) {
            return ImportRow.broken(line, "not valid CSV (unbalanced quotes?)");
        }
        if (cells.length != header.size()) {
            return ImportRow.broken(line, "has " + cells.length + " columns, the header has " + header.size());
        }
        Map<String, String> values = new java.util.HashMap<>();
        for (int i = 0; i < cells.length; i++) {
            String v = cells[i].strip();
            values.put(header.get(i), v.isEmpty() ? null : v);
        }
        String tags = values.get("tags");
        String title = values.get("title");
        return new ImportRow(line, title != null ? title : values.get("name"), values.get("webhook"),
                values.get("secret"), tags == null ? List.of()
                        : Arrays.stream(tags.split(";")).map(String::strip).filter(t -> !t.isEmpty()).toList(),
                null);
    }

    private static String[] cells(String text) {
        try (MappingIterator<String[]> it = CSV_LINE.readValues(text)) {
            return it.hasNextValue() ? it.nextValue() : new String[0];
        } catch (IOException | RuntimeJsonMappingException e) {
            return null;
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** More rows than {@code dingrelay.registry.import-max-rows}: 413, nothing written. */
    public static class TooManyRowsException extends RuntimeException {

        public TooManyRowsException(int max) {
            super("more than " + max + " rows (dingrelay.registry.import-max-rows); split the import");
        }
    }
}
