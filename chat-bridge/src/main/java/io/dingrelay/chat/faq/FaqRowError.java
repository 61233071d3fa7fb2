package io.dingrelay.chat.faq;

/**
 * Why one row of an import (or one request body) was refused.
 *
 * @param row     1-based data row (the CSV header is not counted; NDJSON lines are counted, blank lines included)
 * @param field   the field at fault ({@code question}, {@code answer}, or {@code row} for the whole row)
 * @param message why, in words an operator can act on
 */
public record FaqRowError(int row, String field, String message) {
}
