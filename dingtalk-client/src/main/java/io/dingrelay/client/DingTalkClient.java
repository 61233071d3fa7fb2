package io.dingrelay.client;

import io.dingrelay.protocol.answer.AnswerClassifier;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;
import java.time.Clock;

/**
 * Everything DingRelay sends to DingTalk, over one pooled keep-alive Vert.x Web Client (Mutiny bindings) with the
 * options' timeouts and optional egress address:
 *
 * <pre>{@code
 * DingTalkClient dingtalk = DingTalkClient.create(vertx, DingTalkClientOptions.defaults().withApiBaseUrl(apiBaseUrl));
 * dingtalk.webhooks().send(webhookUrl, secret, MarkdownMessage.of("日报", "### 今日").withMsgUuid(runId + ":" + groupId));
 * dingtalk.sessions().send(sessionWebhook, TextMessage.of("收到"));
 * dingtalk.groupMessages().send(app, GroupMessage.of(app.appKey(), cid, null, OpenApiTemplate.SAMPLE_TEXT, Map.of("content", "hi")));
 * }</pre>
 *
 * <p>Every call answers a {@link io.dingrelay.protocol.answer.Classification} and never fails. Plain Java: a Quarkus
 * service produces one per egress address from its configuration ({@code dingtalk.api-base-url},
 * {@code dingtalk.oapi-base-url}) and closes it at shut-down. Thread-safe.
 */
public final class DingTalkClient implements AutoCloseable {

    private final DingTalkClientOptions options;
    private final WebClient client;
    private final WebhookSender webhooks;
    private final SessionReplySender sessions;
    private final AccessTokenCache tokens;
    private final OpenApiGroupSender groupMessages;

    private DingTalkClient(Vertx vertx, DingTalkClientOptions options, Clock clock) {
        this.options = options;
        WebClientOptions http = new WebClientOptions()
                .setKeepAlive(true)
                .setMaxPoolSize(options.maxConnectionsPerHost())
                .setKeepAliveTimeout((int) Math.max(1, options.keepAliveTimeout().toSeconds()))
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, options.connectTimeout().toMillis()))
                .setPipelining(false)
                .setTryUseCompression(false)
                .setFollowRedirects(false)
                .setUserAgent(options.userAgent());
        options.localAddress().ifPresent(http::setLocalAddress);
        this.client = WebClient.create(vertx, http);
        JsonPoster poster = new JsonPoster(client, options.requestTimeout().toMillis(), new AnswerClassifier());
        this.webhooks = new WebhookSender(poster, clock);
        this.sessions = new SessionReplySender(poster);
        this.tokens = new AccessTokenCache(poster, options.apiBaseUrl(), options.tokenRefreshMargin(), clock);
        this.groupMessages = new OpenApiGroupSender(poster, tokens, options.apiBaseUrl());
    }

    public static DingTalkClient create(Vertx vertx, DingTalkClientOptions options) {
        return new DingTalkClient(vertx, options, Clock.systemUTC());
    }

    /** With a clock of the caller's: the token cache's expiry and the webhook timestamps read it. */
    public static DingTalkClient create(Vertx vertx, DingTalkClientOptions options, Clock clock) {
        return new DingTalkClient(vertx, options, clock);
    }

    /** Custom-robot webhooks, signed when the robot has a secret. */
    public WebhookSender webhooks() {
        return webhooks;
    }

    /** Replies through a callback's sessionWebhook. */
    public SessionReplySender sessions() {
        return sessions;
    }

    /** The robot OpenAPI group send. */
    public OpenApiGroupSender groupMessages() {
        return groupMessages;
    }

    /** The apps' access tokens (shared by every OpenAPI call of this client). */
    public AccessTokenCache tokens() {
        return tokens;
    }

    public DingTalkClientOptions options() {
        return options;
    }

    @Override
    public void close() {
        client.close();
    }

}
