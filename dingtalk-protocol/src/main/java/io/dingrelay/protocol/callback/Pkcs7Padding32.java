package io.dingrelay.protocol.callback;

import java.util.Arrays;

/**
 * PKCS#7 padding to a 32-byte block, as DingTalk's encryptor does (§1.4). Not the JCE's
 * {@code PKCS5Padding}, which pads to 16: the two disagree whenever {@code len % 32 >= 16}.
 */
final class Pkcs7Padding32 {

    static final int BLOCK = 32;

    private Pkcs7Padding32() {
    }

    /** The pad bytes for a buffer of {@code length} bytes: 1..32 bytes, each equal to the count. */
    static byte[] padFor(int length) {
        int pad = BLOCK - (length % BLOCK);
        byte[] bytes = new byte[pad];
        Arrays.fill(bytes, (byte) pad);
        return bytes;
    }

    /**
     * The unpadded length of {@code buf}, or -1 when the padding is malformed: the last byte must be
     * 1..32, no longer than the buffer, and all pad bytes must equal it.
     *
     * <p>Stricter than the official decryptor, which treats a last byte outside 1..32 as "no padding"
     * and never checks the other pad bytes. A conforming encryptor always adds 1..32 identical bytes,
     * so anything else is corruption or tampering; the official tolerance would let it reach the
     * receiver-id check and fail there (900010) or, worse, pass with trailing garbage.
     */
    static int unpaddedLength(byte[] buf) {
        if (buf.length == 0) {
            return -1;
        }
        int pad = buf[buf.length - 1] & 0xFF;
        if (pad < 1 || pad > BLOCK || pad > buf.length) {
            return -1;
        }
        for (int i = buf.length - pad; i < buf.length; i++) {
            if ((buf[i] & 0xFF) != pad) {
                return -1;
            }
        }
        return buf.length - pad;
    }
}
