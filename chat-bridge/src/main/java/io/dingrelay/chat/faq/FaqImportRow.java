package io.dingrelay.chat.faq;

/** One row read from an import file: its values, or why it could not be read at all. */
public record FaqImportRow(int row, String question, String answer, FaqRowError error) {

    public static FaqImportRow of(int row, String question, String answer) {
        return new FaqImportRow(row, question, answer, null);
    }

    public static FaqImportRow unreadable(int row, String message) {
        return new FaqImportRow(row, null, null, new FaqRowError(row, "row", message));
    }
}
