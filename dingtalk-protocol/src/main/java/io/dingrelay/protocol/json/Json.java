package io.dingrelay.protocol.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dingrelay.protocol.message.MalformedMessageException;
import io.dingrelay.protocol.message.MalformedMessageException.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Internal JSON plumbing shared by the packages of this library: one configured mapper and typed
 * field readers that turn every problem into a {@link MalformedMessageException} naming the JSON path.
 * Not part of the public API; other modules should use the typed parsers instead.
 *
 * <p>Jackson's own exception messages quote the offending input, which may be decrypted content, so
 * they are never passed on: only the line and column are.
 */
public final class Json {

    /** The field name used when the document as a whole is not a JSON object. */
    public static final String BODY = "body";

    private static final JsonMapper MAPPER = JsonMapper.builder()
            // "{...} trailing" is not one JSON document; DingTalk's parser would not read it as one either.
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // Jackson 2.x writes characters outside the BMP (emoji) as two escaped surrogates unless told
            // to emit the 4-byte UTF-8 form; the escapes cost 12 bytes instead of 4 against the body limit.
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .build();

    private Json() {
    }

    /** A fresh empty object node, for writers that build DingTalk's JSON field by field. */
    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    /** Parses {@code json} as one JSON object. */
    public static ObjectNode readObject(String json, String field) {
        if (json == null) {
            throw new MalformedMessageException(Problem.NOT_JSON, field, "is missing");
        }
        try {
            return asObject(MAPPER.readTree(json), field);
        } catch (JsonProcessingException e) {
            throw syntaxError(field, e);
        }
    }

    /** Parses UTF-8 (or BOM-marked UTF-16/32, as JSON allows) bytes as one JSON object. */
    public static ObjectNode readObject(byte[] json, String field) {
        if (json == null) {
            throw new MalformedMessageException(Problem.NOT_JSON, field, "is missing");
        }
        try {
            return asObject(MAPPER.readTree(json), field);
        } catch (JsonProcessingException e) {
            throw syntaxError(field, e);
        } catch (IOException e) {
            // Bytes that are not valid in the detected encoding surface as CharConversionException.
            throw new MalformedMessageException(Problem.NOT_JSON, field, "is not valid JSON text (" + e.getClass().getSimpleName() + ")");
        }
    }

    /**
     * Parses strict UTF-8 bytes (no other encoding, unlike {@link #readObject(byte[], String)}) as one JSON object:
     * the same documents as {@link #readObject(String, String)} of their decoded text, without decoding them first.
     *
     * @throws MalformedMessageException NOT_JSON naming {@code field} when the bytes are not UTF-8 or not a JSON object
     */
    public static ObjectNode readUtf8Object(byte[] utf8, String field) {
        if (utf8 == null) {
            throw new MalformedMessageException(Problem.NOT_JSON, field, "is missing");
        }
        if (!io.dingrelay.protocol.Utf8.isValid(utf8)) {
            throw new MalformedMessageException(Problem.NOT_JSON, field, "is not valid UTF-8");
        }
        // Jackson guesses the encoding of bytes from the first four: a NUL among them reads as UTF-16/32, and it
        // would skip a UTF-8 byte order mark, which the text parser refuses (it is not JSON). Both are left to the
        // text parser, so the outcome is the decoded text's: a body with a byte order mark is refused.
        boolean plain = utf8.length >= 4 && utf8[0] != 0 && utf8[1] != 0 && utf8[2] != 0 && utf8[3] != 0
                && io.dingrelay.protocol.Utf8.bomLength(utf8) == 0;
        return plain ? readObject(utf8, field) : readObject(new String(utf8, StandardCharsets.UTF_8), field);
    }

    private static ObjectNode asObject(JsonNode node, String field) {
        if (node == null || node.isMissingNode()) {
            throw new MalformedMessageException(Problem.NOT_JSON, field, "is empty, expected a JSON object");
        }
        if (!node.isObject()) {
            throw new MalformedMessageException(Problem.NOT_JSON, field, "is a JSON " + kind(node) + ", expected an object");
        }
        return (ObjectNode) node;
    }

    private static MalformedMessageException syntaxError(String field, JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        return new MalformedMessageException(Problem.NOT_JSON, field, "is not valid JSON" + where);
    }

    /** Serialises a tree as UTF-8 without escaping non-ASCII (Chinese stays 3 bytes, not a 6-byte \\uXXXX). */
    public static byte[] writeBytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            // Only reachable with unpaired surrogates, which every writer rejects before calling this.
            throw new IllegalStateException("JSON serialisation failed: " + e.getClass().getSimpleName());
        }
    }

    public static String write(JsonNode node) {
        return new String(writeBytes(node), StandardCharsets.UTF_8);
    }

    /** The child, or null when absent or JSON null. */
    public static JsonNode opt(JsonNode parent, String name) {
        JsonNode n = parent.get(name);
        return n == null || n.isNull() ? null : n;
    }

    /** A string member, or null when absent/null; any other JSON type is an error naming {@code path}. */
    public static String optText(JsonNode parent, String name, String path) {
        JsonNode n = opt(parent, name);
        if (n == null) {
            return null;
        }
        if (!n.isTextual()) {
            throw new MalformedMessageException(Problem.WRONG_TYPE, path, "must be a string, was a " + kind(n));
        }
        return requireWellFormed(n.textValue(), path);
    }

    /** A non-empty string member. */
    public static String reqText(JsonNode parent, String name, String path) {
        String s = optText(parent, name, path);
        if (s == null || s.isEmpty()) {
            throw new MalformedMessageException(Problem.MISSING_FIELD, path, "is required");
        }
        return s;
    }

    /** An object member, or null when absent/null. */
    public static ObjectNode optObject(JsonNode parent, String name, String path) {
        JsonNode n = opt(parent, name);
        if (n == null) {
            return null;
        }
        if (!n.isObject()) {
            throw new MalformedMessageException(Problem.WRONG_TYPE, path, "must be an object, was a " + kind(n));
        }
        return (ObjectNode) n;
    }

    public static ObjectNode reqObject(JsonNode parent, String name, String path) {
        ObjectNode n = optObject(parent, name, path);
        if (n == null) {
            throw new MalformedMessageException(Problem.MISSING_FIELD, path, "is required");
        }
        return n;
    }

    /** An array member, or null when absent/null. */
    public static JsonNode optArray(JsonNode parent, String name, String path) {
        JsonNode n = opt(parent, name);
        if (n == null) {
            return null;
        }
        if (!n.isArray()) {
            throw new MalformedMessageException(Problem.WRONG_TYPE, path, "must be an array, was a " + kind(n));
        }
        return n;
    }

    /** A boolean member, or null when absent/null; strings like "true" are not accepted. */
    public static Boolean optBoolean(JsonNode parent, String name, String path) {
        JsonNode n = opt(parent, name);
        if (n == null) {
            return null;
        }
        if (!n.isBoolean()) {
            throw new MalformedMessageException(Problem.WRONG_TYPE, path, "must be a boolean, was a " + kind(n));
        }
        return n.booleanValue();
    }

    /**
     * A whole number given as a JSON integer or as a string of ASCII digits (DingTalk sends
     * {@code createAt} both ways), or null when absent/null.
     */
    public static Long optLong(JsonNode parent, String name, String path) {
        JsonNode n = opt(parent, name);
        if (n == null) {
            return null;
        }
        if (n.isIntegralNumber()) {
            if (!n.canConvertToLong()) {
                throw new MalformedMessageException(Problem.INVALID_VALUE, path, "is out of range");
            }
            return n.longValue();
        }
        if (n.isTextual()) {
            Long v = parseDigits(n.textValue());
            if (v == null) {
                throw new MalformedMessageException(Problem.INVALID_VALUE, path, "must be a whole number");
            }
            return v;
        }
        throw new MalformedMessageException(Problem.WRONG_TYPE, path, "must be a number, was a " + kind(n));
    }

    /** Optional leading '-' then 1..19 ASCII digits fitting a long; otherwise null. */
    public static Long parseDigits(String s) {
        if (s == null || s.isEmpty() || s.length() > 20) {
            return null;
        }
        int start = s.charAt(0) == '-' ? 1 : 0;
        if (start == s.length()) {
            return null;
        }
        for (int i = start; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * Rejects strings with unpaired UTF-16 surrogates: they have no UTF-8 form, so Java would
     * silently write '?' and JSON writers would fail.
     */
    public static String requireWellFormed(String s, String path) {
        if (s != null && !isWellFormed(s)) {
            throw new MalformedMessageException(Problem.INVALID_VALUE, path, "contains an unpaired UTF-16 surrogate");
        }
        return s;
    }

    public static boolean isWellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** "string", "number", … for error messages. */
    public static String kind(JsonNode n) {
        return n.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }
}
