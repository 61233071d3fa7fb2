package io.dingrelay.console.web;

import java.util.Collections;
import java.util.Map;

/**
 * A submitted {@code multipart/form-data} form (the imports: a file or pasted rows), decoded by the console itself
 * ({@link MultipartBodyReader} says why). Text fields and files alike are strings of UTF-8; the first part of a
 * repeated name counts; a part not sent is null.
 */
public final class MultipartBody {

    private final Map<String, String> fields;
    private final Map<String, String> files;

    MultipartBody(Map<String, String> fields, Map<String, String> files) {
        this.fields = Collections.unmodifiableMap(fields);
        this.files = Collections.unmodifiableMap(files);
    }

    /** A text field's value, or null. */
    public String get(String name) {
        return fields.get(name);
    }

    /** The content of a file part as UTF-8 text, or null when no file (or an empty one) was chosen. */
    public String file(String name) {
        String content = files.get(name);
        return content == null || content.isEmpty() ? null : content;
    }
}
