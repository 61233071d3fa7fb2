package io.dingrelay.protocol.message;

import io.dingrelay.protocol.DingTalkProtocolException;

/** A body is larger than DingTalk accepts; sizes are UTF-8 bytes, never characters. */
public final class MessageTooLargeException extends DingTalkProtocolException {

    private static final long serialVersionUID = 1L;

    private final long actualBytes;
    private final int limitBytes;

    public MessageTooLargeException(String field, long actualBytes, int limitBytes) {
        super(field, "[" + field + "]: " + actualBytes + " bytes, limit " + limitBytes + " bytes",
                actualBytes + " bytes, limit " + limitBytes + " bytes", null);
        this.actualBytes = actualBytes;
        this.limitBytes = limitBytes;
    }

    public long actualBytes() {
        return actualBytes;
    }

    public int limitBytes() {
        return limitBytes;
    }
}
