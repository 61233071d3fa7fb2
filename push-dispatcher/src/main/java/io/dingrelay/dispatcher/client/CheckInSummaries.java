package io.dingrelay.dispatcher.client;

import io.dingrelay.dispatcher.config.PushConfig;
import io.dingrelay.events.push.DeliveryTarget;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * A group's check-in summary for the template variable {@code {{checkInSummary}}}: chat-bridge's
 * {@code GET /api/check-ins/summary?conversationId=} (admin token), its {@code text}, asked per group at send time
 * (docs/decisions.md "check-in summary for campaigns": a campaign shows the state when it is sent).
 *
 * <p>Never fails a delivery: a group chat-bridge has no check-ins for (404), or cannot know (a custom-robot webhook
 * has no conversation id; its robot receives no messages to check in with) gets {@code check-in-summary.none}; when
 * chat-bridge is down, slow (over {@code check-in-summary.timeout}) or answers an error, the group gets
 * {@code check-in-summary.unavailable}. Counted in {@code dingrelay_push_check_in_summaries_total{result}}.
 */
@ApplicationScoped
public class CheckInSummaries {

    private static final Logger LOG = Logger.getLogger(CheckInSummaries.class);
    /** At most one warning per this many milliseconds while chat-bridge cannot answer (a run asks per group). */
    private static final long WARN_EVERY_MS = 30_000;

    private final WebClient client;
    private final String base;
    private final String adminToken;
    private final PushConfig.CheckInSummary config;
    private final Counter ok;
    private final Counter none;
    private final Counter unavailable;
    private final AtomicLong lastWarning = new AtomicLong();

    public CheckInSummaries(Vertx vertx, PushConfig push, MeterRegistry meters,
            @ConfigProperty(name = "dingrelay.chat-bridge-url", defaultValue = "http://localhost:8083") String chatBridgeUrl,
            @ConfigProperty(name = "dingrelay.admin-token", defaultValue = "") String adminToken) {
        this.client = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true).setMaxPoolSize(16)
                .setConnectTimeout((int) push.checkInSummary().timeout().toMillis()).setFollowRedirects(false));
        this.base = chatBridgeUrl.endsWith("/") ? chatBridgeUrl.substring(0, chatBridgeUrl.length() - 1) : chatBridgeUrl;
        this.adminToken = adminToken;
        this.config = push.checkInSummary();
        this.ok = counter(meters, "ok");
        this.none = counter(meters, "none");
        this.unavailable = counter(meters, "unavailable");
    }

    private static Counter counter(MeterRegistry meters, String result) {
        return Counter.builder("dingrelay.push.check.in.summaries").tag("result", result)
                .description("Check-in summaries asked of chat-bridge for {{checkInSummary}}, by result").register(meters);
    }

    /** The summary text for the target's group; never fails. */
    public Uni<String> textFor(DeliveryTarget target) {
        String conversation = target.openApi() == null ? null : target.openApi().openConversationId().value();
        if (conversation == null) {
            none.increment();
            return Uni.createFrom().item(config.none());
        }
        return client.getAbs(base + "/api/check-ins/summary?conversationId=" + URLEncoder.encode(conversation, StandardCharsets.UTF_8))
                .putHeader("Authorization", "Bearer " + adminToken)
                .putHeader("Accept", "application/json")
                .timeout(config.timeout().toMillis())
                .send()
                .map(response -> {
                    if (response.statusCode() == 404) {
                        none.increment();
                        return config.none();
                    }
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException("chat-bridge answered HTTP " + response.statusCode());
                    }
                    JsonObject body = response.bodyAsJsonObject();
                    String text = body == null ? null : body.getString("text");
                    if (text == null || text.isBlank()) {
                        none.increment();
                        return config.none();
                    }
                    ok.increment();
                    return cut(text);
                })
                .onFailure().recoverWithItem(e -> {
                    unavailable.increment();
                    long now = System.currentTimeMillis();
                    long last = lastWarning.get();
                    if (now - last > WARN_EVERY_MS && lastWarning.compareAndSet(last, now)) {
                        LOG.warnf("Check-in summaries: chat-bridge at %s cannot answer (%s); groups get \"%s\" meanwhile", base,
                                e.getMessage(), config.unavailable());
                    }
                    return config.unavailable();
                });
    }

    private String cut(String text) {
        int max = config.maxLength();
        if (text.length() <= max) {
            return text;
        }
        int end = Math.max(0, max - 1);
        if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--; // never cut a character in two
        }
        return text.substring(0, end) + "…";
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
