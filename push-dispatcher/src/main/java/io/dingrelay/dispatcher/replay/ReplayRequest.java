package io.dingrelay.dispatcher.replay;

import com.fasterxml.jackson.databind.JsonNode;
import io.dingrelay.dispatcher.persistence.LedgerStatus;
import io.dingrelay.dispatcher.persistence.ReplayLedger;
import io.dingrelay.dispatcher.rest.ApiException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The body of {@code POST /api/runs/{runId}/replay}, read strictly: every field optional, a field we do not know is
 * refused (a misspelt filter, {@code "errcodes"}, must not silently widen a replay to the whole run).
 *
 * <pre>{@code
 * {"status":"DEAD_LETTERED",            // or ["FAILED","DEAD_LETTERED"] (the default: both)
 *  "errcode":"503",                     // or 400102, or a list: the last attempt's errcode / failure name
 *  "from":"2026-12-02T09:00:00Z", "to":"2026-12-02T09:30:00+08:00",   // the last attempt's answer in [from, to)
 *  "groupIds":["g1","g2"]}              // at most 10,000
 * }</pre>
 */
public final class ReplayRequest {

    static final int MAX_GROUP_IDS = 10_000;
    private static final Set<String> FIELDS = Set.of("status", "errcode", "from", "to", "groupIds");
    private static final Set<LedgerStatus> REPLAYABLE = Set.of(LedgerStatus.FAILED, LedgerStatus.DEAD_LETTERED);

    private ReplayRequest() {
    }

    /** The filter the body asks for; 400 naming the field for anything else. An absent body replays every failure. */
    public static ReplayLedger.Filter parse(JsonNode body) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            return new ReplayLedger.Filter(List.copyOf(REPLAYABLE), null, null, null, null);
        }
        if (!body.isObject()) {
            throw ApiException.badRequest("body", "a JSON object is required");
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw ApiException.badRequest(name, "unknown field; the filters are " + String.join(", ", List.of("status", "errcode", "from", "to", "groupIds")));
            }
        }
        List<LedgerStatus> statuses = new ArrayList<>();
        for (String s : texts(body.get("status"), "status")) {
            LedgerStatus status;
            try {
                status = LedgerStatus.valueOf(s);
            } catch (IllegalArgumentException e) {
                status = null;
            }
            if (status == null || !REPLAYABLE.contains(status)) {
                throw ApiException.badRequest("status", "must be FAILED or DEAD_LETTERED (or a list of them), was '" + s + "'");
            }
            statuses.add(status);
        }
        if (statuses.isEmpty()) {
            statuses.addAll(REPLAYABLE);
        }
        List<String> codes = texts(body.get("errcode"), "errcode");
        Instant from = instant(body.get("from"), "from");
        Instant to = instant(body.get("to"), "to");
        if (from != null && to != null && !from.isBefore(to)) {
            throw ApiException.badRequest("to", "must be after from");
        }
        List<String> groupIds = texts(body.get("groupIds"), "groupIds");
        if (body.has("groupIds") && !body.get("groupIds").isArray()) {
            throw ApiException.badRequest("groupIds", "must be a list of group ids");
        }
        if (groupIds.size() > MAX_GROUP_IDS) {
            throw ApiException.badRequest("groupIds", "at most " + MAX_GROUP_IDS + " per replay");
        }
        return new ReplayLedger.Filter(List.copyOf(statuses), codes.isEmpty() ? null : codes, from, to,
                groupIds.isEmpty() ? null : groupIds);
    }

    /** A string, a number or a list of them; blank entries refused. */
    private static List<String> texts(JsonNode node, String field) {
        List<String> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (node.isArray()) {
            if (node.isEmpty()) {
                throw ApiException.badRequest(field, "must not be an empty list (leave it out to match any)");
            }
            node.forEach(n -> out.add(text(n, field)));
        } else {
            out.add(text(node, field));
        }
        return out;
    }

    private static String text(JsonNode n, String field) {
        if (!(n.isTextual() || n.isIntegralNumber()) || n.asText().isBlank()) {
            throw ApiException.badRequest(field, "must be a non-blank string or number (or a list of them)");
        }
        return n.asText().strip();
    }

    private static Instant instant(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw ApiException.badRequest(field, "must be an ISO-8601 time with an offset, e.g. 2026-12-02T09:00:00Z");
        }
        try {
            return OffsetDateTime.parse(node.asText().strip()).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(field, "must be an ISO-8601 time with an offset, e.g. 2026-12-02T09:00:00Z, was '" + node.asText() + "'");
        }
    }
}
