package io.dingrelay.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link Utf8#isValid} agrees with the JDK's strict decoder, which is what the gateway used before it. */
class Utf8Test {

    private static boolean jdk(byte[] b) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    @Test
    void namedCases() {
        assertThat(Utf8.isValid(new byte[0])).isTrue();
        assertThat(Utf8.isValid("{\"text\":\"你好 😀 é\"}".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(Utf8.isValid(new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'})).isFalse(); // bad continuation
        assertThat(Utf8.isValid(new byte[] {(byte) 0xC0, (byte) 0x80})).isFalse(); // overlong NUL
        assertThat(Utf8.isValid(new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0x80})).isFalse(); // overlong
        assertThat(Utf8.isValid(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80})).isFalse(); // surrogate D800
        assertThat(Utf8.isValid(new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80})).isFalse(); // > U+10FFFF
        assertThat(Utf8.isValid(new byte[] {(byte) 0xE4, (byte) 0xBD})).isFalse(); // truncated
        assertThat(Utf8.isValid(new byte[] {(byte) 0xF5, (byte) 0x80, (byte) 0x80, (byte) 0x80})).isFalse();
        assertThat(Utf8.isValid(new byte[] {'a', (byte) 0xE4, (byte) 0xBD, (byte) 0xA0, 'b'}, 1, 4)).isTrue();
    }

    @Test
    void everySequenceOfUpToThreeBytesAndRandomLongerOnesAgreeWithTheJdk() {
        // All 1- and 2-byte arrays, and 3-byte arrays over the bytes where the rules have edges.
        for (int a = 0; a < 256; a++) {
            check(new byte[] {(byte) a});
            for (int b = 0; b < 256; b++) {
                check(new byte[] {(byte) a, (byte) b});
            }
        }
        int[] edges = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xEC, 0xED,
                0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF};
        for (int a : edges) {
            for (int b : edges) {
                for (int c : edges) {
                    check(new byte[] {(byte) a, (byte) b, (byte) c});
                    for (int d : edges) {
                        check(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
                    }
                }
            }
        }
        SplittableRandom r = new SplittableRandom(20261122);
        for (int n = 0; n < 200_000; n++) {
            // Up to 40 bytes, mostly ASCII, so the 8-bytes-at-a-time path meets every rule at every offset.
            byte[] b = new byte[r.nextInt(1, 40)];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) (r.nextInt(4) == 0 ? edges[r.nextInt(edges.length)] : r.nextInt(0x20, 0x7F));
            }
            check(b);
        }
    }

    private static void check(byte[] b) {
        assertThat(Utf8.isValid(b)).as("%s", java.util.HexFormat.of().formatHex(b)).isEqualTo(jdk(b));
    }
}
