package io.dingrelay.screenshot.service;

import io.dingrelay.screenshot.model.RowError;
import java.util.List;

/** An ingest refused as a whole (400), with the rows at fault (the first hundred). */
public final class InvalidPointsException extends RuntimeException {

    private final int invalidRows;
    private final List<RowError> rows;

    public InvalidPointsException(int invalidRows, List<RowError> rows) {
        super(invalidRows > 0 ? invalidRows + (invalidRows == 1 ? " row is" : " rows are") + " invalid; nothing was stored"
                : rows.get(0).message(), null, false, false);
        this.invalidRows = invalidRows;
        this.rows = List.copyOf(rows);
    }

    public int invalidRows() {
        return invalidRows;
    }

    public List<RowError> rows() {
        return rows;
    }
}
