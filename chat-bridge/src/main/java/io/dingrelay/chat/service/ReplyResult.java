package io.dingrelay.chat.service;

/** What became of one @robot message; the values are the {@code result} tag of {@code dingrelay.chat.messages}. */
public enum ReplyResult {
    /** DingTalk accepted the echo. */
    REPLIED("replied"),
    /** The message id was answered already (a redelivered record). */
    DUPLICATE("duplicate"),
    /** The session webhook had expired (or was missing): nothing was sent. */
    EXPIRED("expired"),
    /** The send failed or DingTalk refused it (errcode other than 0). */
    FAILED("failed"),
    /** The record was not a readable ChatMessage. */
    MALFORMED("malformed");

    private final String tag;

    ReplyResult(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }
}
