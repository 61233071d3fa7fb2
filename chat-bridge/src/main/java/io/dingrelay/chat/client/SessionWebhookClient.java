package io.dingrelay.chat.client;

import io.dingrelay.chat.config.ChatBridgeConfig;
import io.dingrelay.protocol.answer.AnswerClassifier;
import io.dingrelay.protocol.answer.Classification;
import io.dingrelay.protocol.message.MessageCodec;
import io.dingrelay.protocol.message.RobotMessage;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Posts a message to a robot's sessionWebhook (dingtalk-protocol.md §3.3): the URL carries its own session
 * credential, no access token is needed. Every result, DingTalk's answer or a transport failure, is read by the
 * protocol library's {@link AnswerClassifier}: the one place that knows what DingTalk's answers mean.
 */
@ApplicationScoped
public class SessionWebhookClient {

    private final WebClient client;
    private final long timeoutMillis;
    private final AnswerClassifier classifier = new AnswerClassifier();

    public SessionWebhookClient(Vertx vertx, ChatBridgeConfig config) {
        this.timeoutMillis = config.replyTimeout().toMillis();
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMillis))
                .setFollowRedirects(false)
                .setUserAgent("dingrelay-chat-bridge"));
    }

    /** Never fails: transport failures come back as a (retryable) classification too. */
    public Uni<Classification> send(String sessionWebhook, RobotMessage message) {
        return Uni.createFrom().item(() -> Buffer.buffer(MessageCodec.toJsonBytes(message)))
                .chain(body -> client.postAbs(sessionWebhook)
                        .timeout(timeoutMillis)
                        .putHeader(HttpHeaders.CONTENT_TYPE.toString(), "application/json; charset=utf-8")
                        .sendBuffer(body))
                .map(response -> classifier.classify(response.statusCode(), response.getHeader("Content-Type"),
                        response.bodyAsString()))
                .onFailure().recoverWithItem(classifier::classifyFailure);
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
