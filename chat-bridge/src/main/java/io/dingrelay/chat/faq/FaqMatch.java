package io.dingrelay.chat.faq;

/**
 * One FAQ pair matching a question.
 *
 * @param pair       the pair
 * @param score      Lucene's BM25 score (orders the matches)
 * @param confidence 0..1: the share of the question's words, weighted by their rarity in the knowledge base, that
 *                   the pair's question (or its synonyms) contains; compared with {@code dingrelay.chat.faq.min-confidence}
 */
public record FaqMatch(FaqPair pair, float score, double confidence) {
}
