package io.dingrelay.console.web;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The replay filters as the operator typed them (status, errcodes, a time range, group ids), checked the way
 * push-dispatcher's {@code ReplayRequest} checks them, so a bad value is named next to its box before anything is
 * counted or sent. The dispatcher has no dry run, so {@link #matches} is its {@code ReplayLedger} WHERE clause
 * applied to the deliveries list: what the confirmation counts is what the replay resets.
 */
record ReplayFilter(String status, List<String> errcodes, Instant from, Instant to, List<String> groupIds,
        Map<String, String> form, Map<String, String> errors) {

    static final int MAX_GROUP_IDS = 10_000;
    static final List<String> REPLAYABLE = List.of("FAILED", "DEAD_LETTERED");

    static ReplayFilter parse(String status, String errcode, String from, String to, String groupIds) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("status", GroupsPage.nz(status).strip());
        form.put("errcode", GroupsPage.nz(errcode).strip());
        form.put("from", GroupsPage.nz(from).strip());
        form.put("to", GroupsPage.nz(to).strip());
        form.put("groupIds", GroupsPage.nz(groupIds).strip());
        Map<String, String> errors = new LinkedHashMap<>();
        String s = form.get("status");
        if (!s.isEmpty() && !REPLAYABLE.contains(s)) {
            errors.put("status", "must be FAILED or DEAD_LETTERED (or empty for both), was '" + s + "'");
        }
        List<String> codes = split(form.get("errcode"));
        Instant f = instant(form.get("from"), "from", errors);
        Instant t = instant(form.get("to"), "to", errors);
        if (f != null && t != null && !f.isBefore(t)) {
            errors.put("to", "must be after from");
        }
        List<String> groups = split(form.get("groupIds"));
        if (groups.size() > MAX_GROUP_IDS) {
            errors.put("groupIds", "at most " + MAX_GROUP_IDS + " group ids per replay, were " + groups.size());
        }
        return new ReplayFilter(s, codes, f, t, groups, form, errors);
    }

    boolean valid() {
        return errors.isEmpty();
    }

    /** The statuses to read: the one chosen, or both. */
    List<String> statuses() {
        return status.isEmpty() ? REPLAYABLE : List.of(status);
    }

    /** One row of {@code GET /api/runs/{id}/deliveries}: would the dispatcher's replay pick it? */
    boolean matches(Map<?, ?> row) {
        if (!statuses().contains(String.valueOf(row.get("status")))) {
            return false;
        }
        if (!errcodes.isEmpty() && !errcodes.contains(String.valueOf(row.get("lastCode")))) {
            return false;
        }
        if (!groupIds.isEmpty() && !groupIds.contains(String.valueOf(row.get("groupId")))) {
            return false;
        }
        if (from != null || to != null) {
            Instant at = instantOf(row.get("updatedAt"));
            if (at == null || (from != null && at.isBefore(from)) || (to != null && !at.isBefore(to))) {
                return false;
            }
        }
        return true;
    }

    /** The dispatcher's replay body: only the filters given (an absent one matches any). */
    Map<String, Object> body() {
        Map<String, Object> b = new LinkedHashMap<>();
        if (!status.isEmpty()) {
            b.put("status", status);
        }
        if (!errcodes.isEmpty()) {
            b.put("errcode", errcodes);
        }
        if (from != null) {
            b.put("from", from.toString());
        }
        if (to != null) {
            b.put("to", to.toString());
        }
        if (!groupIds.isEmpty()) {
            b.put("groupIds", groupIds);
        }
        return b;
    }

    /** The filters in words, for the confirmation. */
    String describe() {
        StringBuilder sb = new StringBuilder(status.isEmpty() ? "FAILED or DEAD_LETTERED" : status);
        if (!errcodes.isEmpty()) {
            sb.append(", errcode ").append(String.join(" or ", errcodes));
        }
        if (from != null) {
            sb.append(", last attempt at or after ").append(from);
        }
        if (to != null) {
            sb.append(", before ").append(to);
        }
        if (!groupIds.isEmpty()) {
            sb.append(", ").append(groupIds.size()).append(groupIds.size() == 1 ? " group" : " groups");
        }
        return sb.toString();
    }

    /** The dispatcher's field name → the box on the form. */
    static String formField(String field) {
        return field != null && List.of("status", "errcode", "from", "to", "groupIds").contains(field) ? field : "form";
    }

    private static List<String> split(String s) {
        return Arrays.stream(s.split("[,，\\s]+")).map(String::strip).filter(x -> !x.isEmpty()).distinct().toList();
    }

    private static Instant instant(String text, String field, Map<String, String> errors) {
        if (text.isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            errors.put(field, "must be an ISO-8601 time with an offset, e.g. 2026-12-02T09:00:00+08:00, was '" + text + "'");
            return null;
        }
    }

    private static Instant instantOf(Object v) {
        if (v instanceof Number n) {
            // Jackson's numeric timestamps: seconds with a fraction.
            return Instant.ofEpochMilli(Math.round(n.doubleValue() * 1000));
        }
        try {
            return v == null ? null : OffsetDateTime.parse(v.toString()).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
