package io.dingrelay.protocol;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Strict UTF-8 validation without decoding: exactly what {@code StandardCharsets.UTF_8.newDecoder()} with
 * {@code REPORT} accepts (RFC 3629: no overlong forms, no UTF-16 surrogates, nothing above U+10FFFF, no truncated
 * sequence), but allocation-free and with a fast path for ASCII, which is most of what DingTalk sends.
 */
public final class Utf8 {

    /** Reads 8 bytes at once: a word without any high bit set is 8 ASCII characters. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080_8080_8080_8080L;

    private Utf8() {
    }

    /**
     * 3 when {@code bytes} start with the UTF-8 byte order mark (EF BB BF), else 0. JSON text must not begin with one
     * (RFC 8259 §8.1): {@code Json.readUtf8Object} refuses it, as the text parser does, where Jackson's byte parser
     * would skip it silently.
     */
    public static int bomLength(byte[] bytes) {
        return bytes.length >= 3 && bytes[0] == (byte) 0xEF && bytes[1] == (byte) 0xBB && bytes[2] == (byte) 0xBF ? 3 : 0;
    }

    /** Whether {@code bytes} is well-formed UTF-8 (an empty array is). */
    public static boolean isValid(byte[] bytes) {
        return isValid(bytes, 0, bytes.length);
    }

    /** Whether {@code bytes[from, to)} is well-formed UTF-8. */
    public static boolean isValid(byte[] bytes, int from, int to) {
        int i = from;
        while (i < to) {
            while (i + 8 <= to && ((long) LONGS.get(bytes, i) & HIGH_BITS) == 0) {
                i += 8;
            }
            if (i >= to) {
                break;
            }
            int b = bytes[i];
            if (b >= 0) {
                i++;
                continue;
            }
            b &= 0xFF;
            if (b < 0xC2) {
                return false; // a continuation byte first, or an overlong 2-byte form (C0, C1)
            }
            if (b < 0xE0) {
                if (i + 1 >= to || !continuation(bytes[i + 1])) {
                    return false;
                }
                i += 2;
            } else if (b < 0xF0) {
                if (i + 2 >= to) {
                    return false;
                }
                int b1 = bytes[i + 1] & 0xFF;
                if (!continuation(bytes[i + 1]) || !continuation(bytes[i + 2])
                        || (b == 0xE0 && b1 < 0xA0) // overlong
                        || (b == 0xED && b1 >= 0xA0)) { // UTF-16 surrogates U+D800..U+DFFF
                    return false;
                }
                i += 3;
            } else if (b < 0xF5) {
                if (i + 3 >= to) {
                    return false;
                }
                int b1 = bytes[i + 1] & 0xFF;
                if (!continuation(bytes[i + 1]) || !continuation(bytes[i + 2]) || !continuation(bytes[i + 3])
                        || (b == 0xF0 && b1 < 0x90) // overlong
                        || (b == 0xF4 && b1 >= 0x90)) { // above U+10FFFF
                    return false;
                }
                i += 4;
            } else {
                return false;
            }
        }
        return true;
    }

    private static boolean continuation(byte b) {
        return (b & 0xC0) == 0x80;
    }
}
