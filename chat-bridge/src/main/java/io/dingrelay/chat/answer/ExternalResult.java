package io.dingrelay.chat.answer;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * How a call to an external answerer went; the values are the {@code result} tag of
 * {@code dingrelay.chat.external{answerer,result}}.
 */
public enum ExternalResult {
    ANSWERED, TIMEOUT, ERROR, GARBAGE, EMPTY;

    public void count(MeterRegistry meters, String answerer) {
        meters.counter("dingrelay.chat.external", "answerer", answerer, "result", name().toLowerCase(java.util.Locale.ROOT))
                .increment();
    }

    /** A reply longer than this is cut: DingTalk's text limit is far above it, but a group wants short answers. */
    public static final int MAX_ANSWER_CHARS = 2000;

    /** The answer trimmed and cut to {@link #MAX_ANSWER_CHARS}, or null if it is blank. */
    public static String clean(String answer) {
        if (answer == null || answer.isBlank()) {
            return null;
        }
        String s = answer.strip();
        return s.length() <= MAX_ANSWER_CHARS ? s : s.substring(0, MAX_ANSWER_CHARS) + "…";
    }
}
