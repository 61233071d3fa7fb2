package io.dingrelay.chat.faq;

import java.time.Instant;

/** One question/answer pair of the knowledge base; {@code id} is 0 for a pair not stored yet. */
public record FaqPair(long id, String question, String answer, Instant createdAt, Instant updatedAt) {

    public static FaqPair unsaved(String question, String answer) {
        return new FaqPair(0, question, answer, null, null);
    }
}
