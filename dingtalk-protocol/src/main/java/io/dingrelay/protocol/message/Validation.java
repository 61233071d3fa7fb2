package io.dingrelay.protocol.message;

import io.dingrelay.protocol.json.Json;
import io.dingrelay.protocol.message.MalformedMessageException.Problem;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The field rules shared by the message records, each failure naming its JSON path. */
final class Validation {

    private Validation() {
    }

    /** A required string: present, not empty, encodable as UTF-8. */
    static String required(String value, String path) {
        if (value == null || value.isEmpty()) {
            throw new MalformedMessageException(Problem.MISSING_FIELD, path, "is required");
        }
        return Json.requireWellFormed(value, path);
    }

    /** An optional string: null or non-empty, encodable as UTF-8 (an empty one is not "absent"). */
    static String optional(String value, String path) {
        if (value != null && value.isEmpty()) {
            throw new MalformedMessageException(Problem.INVALID_VALUE, path, "must not be empty when present");
        }
        return Json.requireWellFormed(value, path);
    }

    /** An immutable copy of a list of non-empty strings; null becomes empty. */
    static List<String> strings(List<String> values, String path) {
        if (values == null) {
            return List.of();
        }
        List<String> copy = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            copy.add(required(values.get(i), path + "[" + i + "]"));
        }
        return Collections.unmodifiableList(copy);
    }

    /** An immutable copy of a list whose elements may not be null; null becomes empty. */
    static <T> List<T> elements(List<T> values, String path) {
        if (values == null) {
            return List.of();
        }
        List<T> copy = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            T v = values.get(i);
            if (v == null) {
                throw new MalformedMessageException(Problem.MISSING_FIELD, path + "[" + i + "]", "must not be null");
            }
            copy.add(v);
        }
        return Collections.unmodifiableList(copy);
    }
}
