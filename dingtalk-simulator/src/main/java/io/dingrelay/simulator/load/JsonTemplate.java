package io.dingrelay.simulator.load;

import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A JSON document rendered once, with the values that change per request (ids, times) left as slots: a request's
 * body is the constant bytes with its values spliced in, instead of a Jackson tree built and serialised per request.
 * The document is rendered by the same code as before ({@code CallbackPayloads}), so its shape does not change.
 *
 * <p>A slot is marked in the rendered text by a unique marker string; {@link #of} splits the text at the markers.
 * Values are spliced in as given: the caller writes string values with their quotes (or keeps the quotes in the
 * template) and must only splice text that needs no JSON escaping (ids, digits).
 */
final class JsonTemplate {

    private final byte[][] parts;
    private final String[] textParts;
    /** slotOrder[i] = which of the caller's values goes after parts[i]. */
    private final int[] slotOrder;
    private final int constantBytes;

    private JsonTemplate(List<String> textParts, int[] slotOrder) {
        this.textParts = textParts.toArray(String[]::new);
        this.parts = new byte[this.textParts.length][];
        int size = 0;
        for (int i = 0; i < this.textParts.length; i++) {
            parts[i] = this.textParts[i].getBytes(StandardCharsets.UTF_8);
            size += parts[i].length;
        }
        this.slotOrder = slotOrder;
        this.constantBytes = size;
    }

    /**
     * Splits {@code rendered} at each marker; every marker must occur exactly once.
     *
     * @param markers the slots, in the order their values are passed to {@link #write} and {@link #render}
     */
    static JsonTemplate of(String rendered, String... markers) {
        int[] positions = new int[markers.length];
        for (int m = 0; m < markers.length; m++) {
            int at = rendered.indexOf(markers[m]);
            if (at < 0 || rendered.indexOf(markers[m], at + 1) >= 0) {
                throw new IllegalArgumentException("marker " + markers[m] + " must occur exactly once in " + rendered);
            }
            positions[m] = at;
        }
        Integer[] byPosition = new Integer[markers.length];
        for (int m = 0; m < markers.length; m++) {
            byPosition[m] = m;
        }
        java.util.Arrays.sort(byPosition, (a, b) -> Integer.compare(positions[a], positions[b]));
        List<String> parts = new ArrayList<>();
        int[] order = new int[markers.length];
        int from = 0;
        for (int i = 0; i < byPosition.length; i++) {
            int m = byPosition[i];
            parts.add(rendered.substring(from, positions[m]));
            order[i] = m;
            from = positions[m] + markers[m].length();
        }
        parts.add(rendered.substring(from));
        return new JsonTemplate(parts, order);
    }

    /** The bytes of the document without its slots, to size buffers. */
    int constantBytes() {
        return constantBytes;
    }

    /** Appends the document with {@code values} (ASCII) in its slots to {@code out}. */
    Buffer write(Buffer out, byte[]... values) {
        for (int i = 0; i < slotOrder.length; i++) {
            out.appendBytes(parts[i]).appendBytes(values[slotOrder[i]]);
        }
        return out.appendBytes(parts[parts.length - 1]);
    }

    /** The document with {@code values} in its slots, as text. */
    String render(String... values) {
        StringBuilder sb = new StringBuilder(constantBytes + 64);
        for (int i = 0; i < slotOrder.length; i++) {
            sb.append(textParts[i]).append(values[slotOrder[i]]);
        }
        return sb.append(textParts[textParts.length - 1]).toString();
    }
}
