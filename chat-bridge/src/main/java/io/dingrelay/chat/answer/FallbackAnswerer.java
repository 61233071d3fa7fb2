package io.dingrelay.chat.answer;

import io.dingrelay.chat.config.ChatBridgeConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** The polite answer when nobody else knew one: quotes the question and points to 帮助. */
@ApplicationScoped
public class FallbackAnswerer implements Answerer {

    /** Questions are quoted up to this many characters. */
    private static final int QUOTE_CHARS = 40;

    private final boolean enabled;

    public FallbackAnswerer(ChatBridgeConfig config) {
        this.enabled = config.answerers().fallbackEnabled();
    }

    @Override
    public String name() {
        return "fallback";
    }

    @Override
    public boolean enabled() {
        return enabled;
    }

    @Override
    public Uni<Optional<Answer>> answer(Question question) {
        return Uni.createFrom().item(Optional.of(Answer.text(name(), text(question.text()))));
    }

    public static String text(String question) {
        String quoted = question.codePointCount(0, question.length()) <= QUOTE_CHARS ? question
                : question.substring(0, question.offsetByCodePoints(0, QUOTE_CHARS)) + "…";
        return "抱歉，我还不会回答「" + quoted + "」。发送「帮助」看看我能做什么。";
    }
}
