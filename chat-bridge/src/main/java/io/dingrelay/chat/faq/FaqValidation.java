package io.dingrelay.chat.faq;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The rules every stored pair meets: a question and an answer, trimmed, not blank, not over the length limit. */
public final class FaqValidation {

    private final int maxChars;

    public FaqValidation(int maxChars) {
        this.maxChars = maxChars;
    }

    /** The errors of one pair (empty when valid); {@code row} is copied into each. */
    public List<FaqRowError> check(int row, String question, String answer) {
        List<FaqRowError> errors = new ArrayList<>(2);
        field(row, "question", question, errors);
        field(row, "answer", answer, errors);
        return errors;
    }

    /** Every row's errors, plus a question that appears twice in the same import. */
    public List<FaqRowError> checkAll(List<FaqImportRow> rows) {
        List<FaqRowError> errors = new ArrayList<>();
        Map<String, Integer> firstRow = new HashMap<>();
        for (FaqImportRow r : rows) {
            if (r.error() != null) {
                errors.add(r.error());
                continue;
            }
            List<FaqRowError> own = check(r.row(), r.question(), r.answer());
            errors.addAll(own);
            if (own.isEmpty()) {
                Integer earlier = firstRow.putIfAbsent(r.question().strip(), r.row());
                if (earlier != null) {
                    errors.add(new FaqRowError(r.row(), "question", "the same question as row " + earlier));
                }
            }
        }
        return errors;
    }

    private void field(int row, String name, String value, List<FaqRowError> errors) {
        if (value == null || value.isBlank()) {
            errors.add(new FaqRowError(row, name, "must not be empty"));
        } else if (value.strip().length() > maxChars) {
            errors.add(new FaqRowError(row, name, "is " + value.strip().length() + " characters long; at most "
                    + maxChars + " are allowed"));
        }
    }
}
