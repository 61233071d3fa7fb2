package io.dingrelay.protocol.message;

import java.util.Collection;

/**
 * A custom robot's keyword security setting (§4.2, D-CUSTSEC): up to
 * {@value io.dingrelay.protocol.DingTalkLimits#MAX_KEYWORDS} keywords, and "the message must contain at least one",
 * else DingTalk answers 310000 {@code keywords not in content}
 * ({@link io.dingrelay.protocol.answer.DingTalkErrcode#KEYWORDS_NOT_IN_CONTENT}). The simulator enforces it with this
 * class; a sender can check a message before sending it to such a robot.
 *
 * <p>Which fields DingTalk searches is not documented. We read "contain" as the text the group sees: text content,
 * titles and bodies of markdown, link and actionCard, the single-jump and button titles of an actionCard, feed-card
 * link titles. URLs (link targets, pictures, button URLs) do not count: a keyword hidden in a URL is shown to no one.
 * Matching is case-sensitive and literal, as a keyword is usually Chinese.
 */
public final class KeywordCheck {

    private KeywordCheck() {
    }

    /**
     * True when the message's {@link #searchableText searchable text} contains at least one of the keywords.
     * Null or empty keywords match nothing; no keywords (or an {@code empty} reply) means false.
     */
    public static boolean containsAny(RobotMessage message, Collection<String> keywords) {
        if (message == null || keywords == null || keywords.isEmpty()) {
            return false;
        }
        String text = searchableText(message);
        for (String k : keywords) {
            if (k != null && !k.isEmpty() && text.contains(k)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The visible text of a message where keywords are looked for, its parts separated by newlines (so a keyword
     * cannot be made up of the end of one field and the start of the next); empty for {@code empty}.
     */
    public static String searchableText(RobotMessage message) {
        StringBuilder b = new StringBuilder(256);
        if (message instanceof TextMessage t) {
            add(b, t.content());
        } else if (message instanceof MarkdownMessage md) {
            add(b, md.title());
            add(b, md.text());
        } else if (message instanceof LinkMessage l) {
            add(b, l.title());
            add(b, l.text());
        } else if (message instanceof ActionCardMessage c) {
            add(b, c.title());
            add(b, c.text());
            add(b, c.singleTitle());
            c.btns().forEach(btn -> add(b, btn.title()));
        } else if (message instanceof FeedCardMessage f) {
            f.links().forEach(l -> add(b, l.title()));
        }
        return b.toString();
    }

    private static void add(StringBuilder b, String s) {
        if (s != null) {
            b.append(s).append('\n');
        }
    }
}
