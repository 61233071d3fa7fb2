package io.dingrelay.local;

import java.util.ArrayList;
import java.util.List;

/** A plain-text table with aligned columns. */
final class StatusTable {

    static final List<String> HEADER = List.of("NAME", "URL", "HEALTH", "RSS", "PID", "LOG / DATA");
    private final List<List<String>> rows = new ArrayList<>();

    StatusTable() {
        rows.add(HEADER);
    }

    void row(String... cells) {
        rows.add(List.of(cells));
    }

    String render() {
        int columns = HEADER.size();
        int[] width = new int[columns];
        for (List<String> row : rows) {
            for (int i = 0; i < columns; i++) {
                width[i] = Math.max(width[i], row.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (List<String> row : rows) {
            for (int i = 0; i < columns; i++) {
                out.append(i == columns - 1 ? row.get(i) : String.format("%-" + (width[i] + 2) + "s", row.get(i)));
            }
            out.append('\n');
        }
        return out.toString();
    }
}
