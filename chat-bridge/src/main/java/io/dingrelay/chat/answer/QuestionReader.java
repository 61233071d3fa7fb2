package io.dingrelay.chat.answer;

import com.fasterxml.jackson.databind.JsonNode;
import io.dingrelay.chat.config.ChatBridgeConfig;
import io.dingrelay.events.chat.ChatMessage;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * Reads the question out of a message, or answers at once what cannot be a question: a picture, audio, a file
 * (DingTalk sends no text), an empty text or only an @, a text longer than {@code dingrelay.chat.max-question-chars}.
 * Rich text is read as the text of its text parts; its pictures are ignored.
 */
@ApplicationScoped
public class QuestionReader {

    public static final String ANSWERER = "input";

    private final int maxChars;

    public QuestionReader(ChatBridgeConfig config) {
        this.maxChars = config.maxQuestionChars();
    }

    /** Either a question for the answerers or the answer to give without asking them. */
    public record Reading(Question question, Answer immediate) {
    }

    public Reading read(ChatMessage message, Instant now) {
        String msgtype = message.msgtype() == null ? "text" : message.msgtype();
        String text = switch (msgtype) {
            case "text" -> message.text();
            case "richText" -> richText(message);
            default -> null;
        };
        if (text == null && !"text".equals(msgtype) && !"richText".equals(msgtype)) {
            return new Reading(null, Answer.text(ANSWERER, "我目前只能读懂文字消息，暂时看不了"
                    + kind(msgtype) + "。请用文字提问，或发送「帮助」看看我能做什么。"));
        }
        String stripped = text == null ? "" : stripMentions(text).strip();
        if (stripped.isEmpty()) {
            return new Reading(null, Answer.text(ANSWERER, "你好，我在！请在 @我 后面写上问题，例如「今天新增多少病例」；"
                    + "发送「帮助」看看我能做什么。"));
        }
        int length = stripped.codePointCount(0, stripped.length());
        if (length > maxChars) {
            return new Reading(null, Answer.text(ANSWERER, "问题太长了（" + length + " 字），请精简到 " + maxChars
                    + " 字以内再问我。"));
        }
        return new Reading(new Question(message, stripped, now), null);
    }

    /** {@code content.richText[].text} joined; DingTalk also puts pictures in that list (downloadCode only). */
    private static String richText(ChatMessage message) {
        JsonNode parts = message.body() == null ? null : message.body().at("/content/richText");
        if (parts == null || !parts.isArray()) {
            return message.text();
        }
        StringBuilder out = new StringBuilder();
        for (JsonNode part : parts) {
            if (part.path("text").isTextual()) {
                out.append(part.get("text").asText());
            }
        }
        return out.toString();
    }

    /** Leading "@name" mentions of other users left in the text by the client. */
    private static String stripMentions(String text) {
        String t = text.strip();
        while (t.startsWith("@")) {
            int space = firstSpace(t);
            if (space < 0) {
                return "";
            }
            t = t.substring(space).strip();
        }
        return t;
    }

    private static int firstSpace(String t) {
        for (int i = 0; i < t.length(); i++) {
            if (Character.isWhitespace(t.charAt(i)) || t.charAt(i) == '\u2005') {
                return i;
            }
        }
        return -1;
    }

    private static String kind(String msgtype) {
        return switch (msgtype) {
            case "picture" -> "图片";
            case "audio" -> "语音";
            case "video" -> "视频";
            case "file" -> "文件";
            default -> "这类消息";
        };
    }
}
