package io.dingrelay.chat.service;

/** What became of one @robot message; the values are the {@code result} tag of {@code dingrelay.chat.messages}
 * (beside the {@code RecordReader}'s {@code received} and {@code malformed}). */
public enum ReplyResult {
    /** DingTalk accepted the answer (through the session or the OpenAPI). */
    REPLIED("replied"),
    /** The message id was answered already, or is being answered (a redelivered record). */
    DUPLICATE("duplicate"),
    /** No answerer answered (every one switched off): nothing was sent. */
    UNANSWERED("unanswered"),
    /** The reply could not be delivered on any channel. */
    FAILED("failed");

    private final String tag;

    ReplyResult(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }
}
