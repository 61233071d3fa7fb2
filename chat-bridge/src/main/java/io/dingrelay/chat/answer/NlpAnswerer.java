package io.dingrelay.chat.answer;

import com.fasterxml.jackson.databind.JsonNode;
import io.dingrelay.chat.config.ChatBridgeConfig;
import io.dingrelay.events.EventJson;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The original robot's "forward to NLP": POSTs {@code {"question","conversationId","senderId","msgId"}} to
 * {@code dingrelay.chat.nlp.url} and reads the answer at {@code dingrelay.chat.nlp.answer-pointer}. Slow (past
 * {@code dingrelay.chat.nlp.timeout}), down, non-2xx or garbage answers are counted and pass the question on.
 */
@ApplicationScoped
public class NlpAnswerer implements Answerer {

    private static final Logger LOG = Logger.getLogger(NlpAnswerer.class);

    private final ChatBridgeConfig.Nlp config;
    private final MeterRegistry meters;
    private final WebClient client;
    private final boolean enabled;

    public NlpAnswerer(ChatBridgeConfig config, Vertx vertx, MeterRegistry meters) {
        this.config = config.nlp();
        this.meters = meters;
        this.enabled = this.config.enabled();
        if (enabled && this.config.url().isEmpty()) {
            throw new IllegalArgumentException("dingrelay.chat.nlp.url is required when dingrelay.chat.nlp.enabled=true");
        }
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setConnectTimeout((int) this.config.timeout().toMillis()).setUserAgent("dingrelay-chat-bridge"));
    }

    @Override
    public String name() {
        return "nlp";
    }

    @Override
    public boolean enabled() {
        return enabled;
    }

    @Override
    public Uni<Optional<Answer>> answer(Question question) {
        Duration timeout = config.timeout();
        var request = client.postAbs(config.url().orElseThrow().toString()).timeout(timeout.toMillis());
        config.token().ifPresent(request::bearerTokenAuthentication);
        JsonObject body = new JsonObject().put("question", question.text())
                .put("conversationId", question.message().conversationId().value())
                .put("senderId", question.senderKey())
                .put("msgId", question.message().msgId().value());
        return request.sendJsonObject(body)
                .ifNoItem().after(timeout).fail()
                .map(response -> {
                    if (response.statusCode() / 100 != 2) {
                        LOG.warnf("NLP endpoint answered HTTP %d for %s", response.statusCode(), question.message().msgId());
                        return result(ExternalResult.ERROR, null);
                    }
                    return read(response.bodyAsString(), question);
                })
                .onFailure().recoverWithItem(e -> {
                    boolean timedOut = e instanceof TimeoutException || String.valueOf(e.getMessage()).contains("timeout");
                    LOG.warnf("NLP endpoint %s for %s: %s", timedOut ? "timed out" : "failed", question.message().msgId(),
                            e.getMessage());
                    return result(timedOut ? ExternalResult.TIMEOUT : ExternalResult.ERROR, null);
                });
    }

    private Optional<Answer> read(String body, Question question) {
        JsonNode json;
        try {
            json = EventJson.read(body, JsonNode.class);
        } catch (RuntimeException e) {
            LOG.warnf("NLP endpoint answered something that is not JSON for %s", question.message().msgId());
            return result(ExternalResult.GARBAGE, null);
        }
        JsonNode answer = json.at(config.answerPointer());
        if (!answer.isTextual()) {
            LOG.warnf("NLP endpoint's answer has no text at %s for %s", config.answerPointer(), question.message().msgId());
            return result(answer.isMissingNode() || answer.isNull() ? ExternalResult.EMPTY : ExternalResult.GARBAGE, null);
        }
        String text = ExternalResult.clean(answer.asText());
        return result(text == null ? ExternalResult.EMPTY : ExternalResult.ANSWERED, text);
    }

    private Optional<Answer> result(ExternalResult result, String text) {
        result.count(meters, name());
        return text == null ? Optional.empty() : Optional.of(Answer.text(name(), text));
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
