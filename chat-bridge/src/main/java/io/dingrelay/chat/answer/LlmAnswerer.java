package io.dingrelay.chat.answer;

import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.openai.OpenAiChatModel;
import io.dingrelay.chat.config.ChatBridgeConfig;
import io.dingrelay.chat.faq.FaqMatch;
import io.dingrelay.chat.service.FaqService;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Asks an OpenAI-compatible chat-completions endpoint through langchain4j's {@link OpenAiChatModel}: the system
 * prompt, then the question with the FAQ's best matches as reference material. The model's client blocks, so the
 * call runs on a worker thread; {@code dingrelay.chat.llm.timeout} bounds it both in the client and here, and a
 * timeout, an error or an empty answer passes the question on (to the fallback).
 */
@ApplicationScoped
public class LlmAnswerer implements Answerer {

    private static final Logger LOG = Logger.getLogger(LlmAnswerer.class);

    private final ChatBridgeConfig.Llm config;
    private final FaqService faq;
    private final int contextMatches;
    private final MeterRegistry meters;
    private final ChatModel model;

    public LlmAnswerer(ChatBridgeConfig config, FaqService faq, MeterRegistry meters) {
        this.config = config.llm();
        this.faq = faq;
        this.contextMatches = config.faq().contextMatches();
        this.meters = meters;
        if (this.config.enabled()) {
            if (this.config.baseUrl().isEmpty()) {
                throw new IllegalArgumentException("dingrelay.chat.llm.base-url is required when dingrelay.chat.llm.enabled=true");
            }
            this.model = OpenAiChatModel.builder()
                    .baseUrl(this.config.baseUrl().get())
                    .apiKey(this.config.apiKey().orElse("none"))
                    .modelName(this.config.model())
                    .temperature(this.config.temperature())
                    .maxTokens(this.config.maxTokens())
                    .timeout(this.config.timeout())
                    // One attempt: a retry would blow the deadline; the fallback answers instead.
                    .maxRetries(0)
                    .logRequests(false)
                    .logResponses(false)
                    .build();
        } else {
            this.model = null;
        }
    }

    @Override
    public String name() {
        return "llm";
    }

    @Override
    public boolean enabled() {
        return config.enabled();
    }

    @Override
    public Uni<Optional<Answer>> answer(Question question) {
        ChatRequest request = ChatRequest.builder()
                .messages(SystemMessage.from(config.systemPrompt()), UserMessage.from(prompt(question)))
                .build();
        return Uni.createFrom().item(() -> model.chat(request))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .ifNoItem().after(config.timeout()).fail()
                .map(response -> {
                    String text = response.aiMessage() == null ? null : ExternalResult.clean(response.aiMessage().text());
                    ExternalResult result = text == null ? ExternalResult.EMPTY : ExternalResult.ANSWERED;
                    result.count(meters, name());
                    return text == null ? Optional.<Answer>empty() : Optional.of(Answer.text(name(), text));
                })
                .onFailure().recoverWithItem(e -> {
                    boolean timedOut = e instanceof TimeoutException || hasTimeoutCause(e);
                    (timedOut ? ExternalResult.TIMEOUT : ExternalResult.ERROR).count(meters, name());
                    // The exception names the endpoint, never the key; langchain4j does not put it in messages.
                    LOG.warnf("LLM %s for %s: %s", timedOut ? "timed out" : "failed", question.message().msgId(),
                            e.getClass().getSimpleName());
                    return Optional.empty();
                });
    }

    /** The question, preceded by the FAQ's best matches as reference material. */
    String prompt(Question question) {
        List<FaqMatch> matches = faq.search(question.text(), contextMatches);
        if (matches.isEmpty()) {
            return question.text();
        }
        StringBuilder out = new StringBuilder("参考资料（知识库中最接近的问答）：\n");
        int n = 1;
        for (FaqMatch m : matches) {
            out.append(n++).append(". 问：").append(m.pair().question()).append("\n   答：").append(m.pair().answer()).append('\n');
        }
        return out.append("\n用户的问题：").append(question.text()).toString();
    }

    private static boolean hasTimeoutCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.http.HttpTimeoutException || t instanceof java.net.SocketTimeoutException
                    || t.getClass().getSimpleName().contains("Timeout")) {
                return true;
            }
        }
        return false;
    }
}
