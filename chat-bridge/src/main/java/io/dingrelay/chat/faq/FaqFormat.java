package io.dingrelay.chat.faq;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import com.fasterxml.jackson.databind.MappingIterator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The two exchange formats of the FAQ: CSV with a {@code question,answer} header (RFC 4180 quoting; Jackson's CSV
 * module) and NDJSON, one {@code {"question":"…","answer":"…"}} per line. An export read back by an import gives the
 * same pairs.
 */
public enum FaqFormat {
    CSV("text/csv"),
    NDJSON("application/x-ndjson");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CsvMapper CSV_MAPPER = CsvMapper.builder()
            .enable(CsvParser.Feature.FAIL_ON_MISSING_HEADER_COLUMNS)
            .build();
    private static final CsvSchema CSV_SCHEMA = CsvSchema.builder().addColumn("question").addColumn("answer")
            .setUseHeader(true).build();

    private final String mediaType;

    FaqFormat(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }

    /** {@code csv} or {@code ndjson} (any case); anything else is refused naming the value. */
    public static FaqFormat parse(String name) {
        if (name == null) {
            throw new IllegalArgumentException("format is required: csv or ndjson");
        }
        return switch (name.strip().toLowerCase(Locale.ROOT)) {
            case "csv" -> CSV;
            case "ndjson", "jsonl" -> NDJSON;
            default -> throw new IllegalArgumentException("format '" + name + "' is not supported: csv or ndjson");
        };
    }

    /** The rows of an import; rows that cannot be read carry their error instead of values. */
    public List<FaqImportRow> read(String body) {
        return this == CSV ? readCsv(body) : readNdjson(body);
    }

    public String write(List<FaqPair> pairs) {
        StringBuilder out = new StringBuilder();
        try {
            if (this == CSV) {
                List<List<String>> rows = pairs.stream().map(p -> List.of(p.question(), p.answer())).toList();
                out.append(CSV_MAPPER.writer(CSV_SCHEMA).writeValueAsString(rows));
            } else {
                for (FaqPair p : pairs) {
                    ObjectNode line = JSON.createObjectNode().put("id", p.id()).put("question", p.question())
                            .put("answer", p.answer());
                    out.append(JSON.writeValueAsString(line)).append('\n');
                }
            }
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static List<FaqImportRow> readCsv(String body) {
        List<FaqImportRow> rows = new ArrayList<>();
        String text = body.startsWith("\uFEFF") ? body.substring(1) : body;
        CsvSchema header = CsvSchema.emptySchema().withHeader();
        try (MappingIterator<java.util.Map<String, String>> it = CSV_MAPPER.readerFor(java.util.Map.class)
                .with(header).readValues(text)) {
            int row = 0;
            while (true) {
                row++;
                try {
                    if (!it.hasNextValue()) {
                        break;
                    }
                    java.util.Map<String, String> values = it.nextValue();
                    if (!values.containsKey("question") || !values.containsKey("answer")) {
                        rows.add(FaqImportRow.unreadable(row, "the header must name the columns question and answer"));
                        break;
                    }
                    if (values.size() > 2) {
                        rows.add(FaqImportRow.unreadable(row, "has more than the two columns question and answer"));
                        continue;
                    }
                    rows.add(FaqImportRow.of(row, values.get("question"), values.get("answer")));
                } catch (RuntimeException | IOException e) {
                    rows.add(FaqImportRow.unreadable(row, "is not valid CSV: " + firstLine(e.getMessage())));
                    break; // the parser cannot resynchronise after a broken quote
                }
            }
        } catch (IOException e) {
            rows.add(FaqImportRow.unreadable(1, "is not valid CSV: " + firstLine(e.getMessage())));
        }
        return rows;
    }

    private static List<FaqImportRow> readNdjson(String body) {
        List<FaqImportRow> rows = new ArrayList<>();
        String[] lines = body.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            int row = i + 1;
            try {
                JsonNode node = JSON.readTree(line);
                if (!node.isObject()) {
                    rows.add(FaqImportRow.unreadable(row, "is not a JSON object"));
                } else if ((node.has("question") && !node.get("question").isTextual())
                        || (node.has("answer") && !node.get("answer").isTextual())) {
                    rows.add(FaqImportRow.unreadable(row, "question and answer must be JSON strings"));
                } else {
                    rows.add(FaqImportRow.of(row, node.path("question").asText(null), node.path("answer").asText(null)));
                }
            } catch (JsonProcessingException e) {
                rows.add(FaqImportRow.unreadable(row, "is not valid JSON: " + firstLine(e.getOriginalMessage())));
            }
        }
        return rows;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
