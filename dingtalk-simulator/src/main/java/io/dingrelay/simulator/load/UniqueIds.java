package io.dingrelay.simulator.load;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ids unique per request at the cost of a counter: a random 48-bit prefix per generator (so two runs against the same
 * gateway do not repeat each other's ids inside its de-duplication window) followed by a hex counter. Replaces a
 * random id per request, which costs more than the rest of building the request. One instance per event loop.
 */
final class UniqueIds {

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private final String prefix;
    private long next;

    UniqueIds() {
        this.prefix = hex(ThreadLocalRandom.current().nextLong() & 0xFFFF_FFFF_FFFFL, 12);
    }

    /** The run's random prefix (12 hex digits). */
    String prefix() {
        return prefix;
    }

    /** {@code head} + prefix + the next counter value in {@code digits} hex digits, e.g. {@code msg5f3a…0000000001}. */
    String next(String head, int digits) {
        return head + prefix + hex(next++, digits);
    }

    static String hex(long value, int digits) {
        byte[] out = new byte[digits];
        long v = value;
        for (int i = digits - 1; i >= 0; i--) {
            out[i] = HEX[(int) (v & 0xF)];
            v >>>= 4;
        }
        return new String(out, StandardCharsets.US_ASCII);
    }
}
