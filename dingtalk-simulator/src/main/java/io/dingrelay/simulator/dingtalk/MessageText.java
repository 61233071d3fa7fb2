package io.dingrelay.simulator.dingtalk;

import io.dingrelay.protocol.message.ActionCardMessage;
import io.dingrelay.protocol.message.FeedCardMessage;
import io.dingrelay.protocol.message.LinkMessage;
import io.dingrelay.protocol.message.MarkdownMessage;
import io.dingrelay.protocol.message.RobotMessage;
import io.dingrelay.protocol.message.TextMessage;

import java.util.List;

/**
 * The visible text of a message, where a custom robot's keywords are looked for: text content, titles and
 * bodies of markdown/link/actionCard, button and feed link titles. URLs do not count (DingTalk's page says
 * the message must "contain" a keyword; a keyword hidden in a URL is not shown to anyone).
 */
final class MessageText {

    private MessageText() {
    }

    static boolean containsAny(RobotMessage m, List<String> keywords) {
        String text = of(m);
        for (String k : keywords) {
            if (text.contains(k)) {
                return true;
            }
        }
        return false;
    }

    static String of(RobotMessage m) {
        StringBuilder b = new StringBuilder(256);
        if (m instanceof TextMessage t) {
            add(b, t.content());
        } else if (m instanceof MarkdownMessage md) {
            add(b, md.title());
            add(b, md.text());
        } else if (m instanceof LinkMessage l) {
            add(b, l.title());
            add(b, l.text());
        } else if (m instanceof ActionCardMessage c) {
            add(b, c.title());
            add(b, c.text());
            add(b, c.singleTitle());
            c.btns().forEach(btn -> add(b, btn.title()));
        } else if (m instanceof FeedCardMessage f) {
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
