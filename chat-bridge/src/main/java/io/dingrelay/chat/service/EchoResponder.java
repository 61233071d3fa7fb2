package io.dingrelay.chat.service;

import io.dingrelay.chat.client.RedactedUrl;
import io.dingrelay.chat.client.SessionWebhookClient;
import io.dingrelay.chat.config.ChatBridgeConfig;
import io.dingrelay.chat.mapping.EchoReply;
import io.dingrelay.events.chat.ChatMessage;
import io.dingrelay.protocol.answer.Classification;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.jboss.logging.Logger;

/**
 * Answers an @robot message with its own text ("echo: ...") through the message's sessionWebhook: the first
 * behaviour of chat-bridge, which the end-to-end test drives through the whole stack. FAQ, commands and the
 * OpenAPI fallback for expired sessions come later.
 *
 * <p>Never fails: every outcome is logged, counted in {@code dingrelay.chat.messages{result}} and the record is
 * then acknowledged, because retrying a chat answer minutes later helps nobody.
 */
@ApplicationScoped
public class EchoResponder {

    private static final Logger LOG = Logger.getLogger(EchoResponder.class);

    private final SessionWebhookClient webhook;
    private final RecentMessageIds recent;
    private final MeterRegistry meters;
    private final Duration expiryMargin;
    private final Clock clock;
    private final Timer replyTimer;

    public EchoResponder(SessionWebhookClient webhook, RecentMessageIds recent, MeterRegistry meters,
            ChatBridgeConfig config) {
        this.webhook = webhook;
        this.recent = recent;
        this.meters = meters;
        this.expiryMargin = config.sessionExpiryMargin();
        this.clock = Clock.systemUTC();
        this.replyTimer = Timer.builder("dingrelay.chat.reply.duration")
                .description("Time from sending a reply to DingTalk's answer")
                .publishPercentiles(0.5, 0.99)
                .register(meters);
    }

    public Uni<ReplyResult> respond(ChatMessage message) {
        Instant now = clock.instant();
        if (!message.sessionWebhookUsableAt(now.plus(expiryMargin))) {
            LOG.infof("Not answering %s in %s: session webhook expired at %s", message.msgId(),
                    message.conversationId(), message.sessionWebhookExpiresAt());
            return Uni.createFrom().item(counted(ReplyResult.EXPIRED));
        }
        if (!recent.claim(message.msgId())) {
            LOG.debugf("Not answering %s again: already answered", message.msgId());
            return Uni.createFrom().item(counted(ReplyResult.DUPLICATE));
        }
        Timer.Sample sample = Timer.start(meters);
        return webhook.send(message.sessionWebhook(), EchoReply.to(message))
                .onItem().invoke(() -> sample.stop(replyTimer))
                .onItem().transform(answer -> answer.isDelivered() ? ReplyResult.REPLIED : failed(message, answer))
                .onItem().transform(this::counted);
    }

    private ReplyResult failed(ChatMessage message, Classification answer) {
        recent.release(message.msgId());
        // A transport failure's description may quote the request URI: mask the session token wherever it appears.
        LOG.warnf("Reply to %s in %s failed: %s %s (%s) from %s", message.msgId(), message.conversationId(),
                answer.outcome(), answer.code(), RedactedUrl.scrub(answer.message(), message.sessionWebhook()),
                RedactedUrl.of(message.sessionWebhook()));
        meters.counter("dingrelay.chat.reply.failures", "outcome", answer.outcome().name().toLowerCase(Locale.ROOT))
                .increment();
        return ReplyResult.FAILED;
    }

    private ReplyResult counted(ReplyResult result) {
        meters.counter("dingrelay.chat.messages", "result", result.tag()).increment();
        return result;
    }
}
