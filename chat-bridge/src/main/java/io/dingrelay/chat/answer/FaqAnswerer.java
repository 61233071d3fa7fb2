package io.dingrelay.chat.answer;

import io.dingrelay.chat.config.ChatBridgeConfig;
import io.dingrelay.chat.faq.FaqMatch;
import io.dingrelay.chat.service.FaqService;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/**
 * Answers from the FAQ knowledge base when the best match's confidence reaches
 * {@code dingrelay.chat.faq.min-confidence}. The search is in memory and takes tens of microseconds, so it runs on
 * the calling thread.
 */
@ApplicationScoped
public class FaqAnswerer implements Answerer {

    private final FaqService faq;
    private final boolean enabled;
    private final double minConfidence;
    private final MeterRegistry meters;

    public FaqAnswerer(FaqService faq, ChatBridgeConfig config, MeterRegistry meters) {
        this.faq = faq;
        this.enabled = config.answerers().faqEnabled();
        this.minConfidence = config.faq().minConfidence();
        this.meters = meters;
    }

    @Override
    public String name() {
        return "faq";
    }

    @Override
    public boolean enabled() {
        return enabled;
    }

    @Override
    public Uni<Optional<Answer>> answer(Question question) {
        return Uni.createFrom().item(() -> {
            List<FaqMatch> matches = faq.search(question.text(), 1);
            if (matches.isEmpty() || matches.get(0).confidence() < minConfidence) {
                meters.counter("dingrelay.chat.faq.lookups", "result", matches.isEmpty() ? "none" : "low_confidence")
                        .increment();
                return Optional.empty();
            }
            meters.counter("dingrelay.chat.faq.lookups", "result", "answered").increment();
            return Optional.of(Answer.text(name(), matches.get(0).pair().answer()));
        });
    }
}
