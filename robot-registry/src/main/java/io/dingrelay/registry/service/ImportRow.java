package io.dingrelay.registry.service;

import java.util.List;

/**
 * One row of a bulk import as read, before validation.
 *
 * @param line    1-based line of the row in the request body (CSV: the header is line 1)
 * @param problem why the line could not be read at all (broken JSON, wrong column count), or null
 */
public record ImportRow(int line, String title, String webhook, String secret, List<String> tags, String problem) {

    static ImportRow broken(int line, String problem) {
        return new ImportRow(line, null, null, null, null, problem);
    }

    @Override
    public String toString() {
        return "ImportRow[line " + line + "]";
    }
}
