package io.dingrelay.chat.answer;

/**
 * What the robot says back.
 *
 * @param answerer who answered ({@code commands}, {@code faq}, {@code nlp}, {@code llm}, {@code fallback}, {@code input})
 * @param title    the markdown title (the preview in the chat list); null for plain text
 * @param text     the text, or markdown when {@code title} is set
 */
public record Answer(String answerer, String title, String text) {

    public static Answer text(String answerer, String text) {
        return new Answer(answerer, null, text);
    }

    public static Answer markdown(String answerer, String title, String text) {
        return new Answer(answerer, title, text);
    }

    public boolean isMarkdown() {
        return title != null;
    }
}
