package io.dingrelay.console.web;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A submitted {@code application/x-www-form-urlencoded} form, decoded by the console itself ({@link FormBodyReader}
 * says why). The first value of a repeated field counts, as with {@code @RestForm}; a field not sent is null.
 */
public final class FormBody {

    private final Map<String, String> fields;

    private FormBody(Map<String, String> fields) {
        this.fields = Collections.unmodifiableMap(fields);
    }

    /** The field's value, or null when the form did not send it. */
    public String get(String name) {
        return fields.get(name);
    }

    /** A whole number a page put in a hidden field, or null when it is missing or not a number. */
    public static Long number(String value) {
        if (value == null || !value.strip().matches("-?\\d{1,18}")) {
            return null;
        }
        return Long.parseLong(value.strip());
    }

    /**
     * Decodes {@code body} ({@code name=value&...}, {@code +} for a space, {@code %XX} for a byte of UTF-8).
     *
     * @throws IllegalArgumentException naming the broken field when a {@code %} is not followed by two hex digits
     */
    public static FormBody parse(String body) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (body.isEmpty()) {
            return new FormBody(fields);
        }
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq), "a field name");
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1), "field " + name);
            fields.putIfAbsent(name, value);
        }
        return new FormBody(fields);
    }

    private static String decode(String encoded, String what) {
        try {
            return URLDecoder.decode(encoded, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " is not valid URL-encoding (a % must be followed by two hex digits)", e);
        }
    }
}
