package io.dingrelay.registry.service;

import java.util.List;

/**
 * The answer to a bulk import. All or nothing: {@link #written} is false and nothing was stored as soon as one
 * row is {@link #rejected}; duplicates (a token already registered, or repeated in the same body) are reported
 * and skipped, never stored twice.
 *
 * @param rows       rows read (blank lines not counted)
 * @param accepted   rows that are (written) or would be (not written) new groups
 * @param duplicates rows whose webhook token is already registered or appears earlier in the body
 * @param rejected   rows refused, with line, field and reason
 * @param written    whether the accepted rows were stored
 */
public record ImportReport(int rows, int accepted, List<Duplicate> duplicates, List<Rejected> rejected,
        boolean written) {

    /** Cap on reported problems: a 100,000-row file of garbage does not need 100,000 lines of report. */
    public static final int MAX_LISTED = 1000;

    /**
     * @param line        the duplicate row's line
     * @param id          the group already registered with this token, when it is in the registry
     * @param firstLine   the earlier line of the same body with this token, when it is a repeat within the body
     */
    public record Duplicate(int line, String id, Integer firstLine) {
    }

    /** A refused row: its line, the field at fault and why (never the value). */
    public record Rejected(int line, String field, String reason) {
    }
}
