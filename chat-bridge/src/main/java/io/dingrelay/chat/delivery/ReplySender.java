package io.dingrelay.chat.delivery;

import io.dingrelay.chat.answer.Answer;
import io.dingrelay.chat.client.RedactedUrl;
import io.dingrelay.chat.config.AppCredentialsLookup;
import io.dingrelay.chat.config.ChatBridgeConfig;
import io.dingrelay.client.AppCredentials;
import io.dingrelay.client.DingTalkClient;
import io.dingrelay.client.GroupMessage;
import io.dingrelay.events.chat.ChatMessage;
import io.dingrelay.protocol.answer.Classification;
import io.dingrelay.protocol.answer.Outcome;
import io.dingrelay.protocol.answer.Scope;
import io.dingrelay.protocol.message.At;
import io.dingrelay.protocol.message.MarkdownMessage;
import io.dingrelay.protocol.message.OpenApiTemplate;
import io.dingrelay.protocol.message.RobotMessage;
import io.dingrelay.protocol.message.TextMessage;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Sends an answer to the group: through the message's sessionWebhook, @-mentioning the sender, while it is valid;
 * through the OpenAPI group send with the app's cached access token once it expired, or when DingTalk refuses the
 * session (300001 "session 不存在", 20001 quota used up, {@code session.*}). Limits are taken before each send
 * ({@link ReplyLimits}); answers DingTalk calls retryable (-1 busy, 5xx, timeouts, 403 QPS) are retried with
 * exponential back-off, at most {@code dingrelay.chat.delivery.max-attempts} per channel.
 *
 * <p>Counted in {@code dingrelay.chat.replies{channel,outcome}} and {@code dingrelay.chat.reply.retries{channel}}.
 */
@ApplicationScoped
public class ReplySender {

    private static final Logger LOG = Logger.getLogger(ReplySender.class);

    /**
     * Session answers after which only the OpenAPI can reach the group. 300001 is what DingTalk answers for an
     * expired session (protocol §3.2), 20001 the robot's quota being used up (§3.2), the others the OpenAPI's own
     * names for an expired session (§5.4). The protocol library classifies them PERMANENT MESSAGE, so the choice
     * of channel is made here.
     */
    static final Set<String> SESSION_GONE = Set.of("300001", "20001", "session.expired", "session.notExisted");

    private final DingTalkClient dingtalk;
    private final ReplyLimits limits;
    private final AppCredentialsLookup apps;
    private final MeterRegistry meters;
    private final Duration expiryMargin;
    private final int maxAttempts;
    private final Duration backoff;

    public ReplySender(DingTalkClient dingtalk, ReplyLimits limits, AppCredentialsLookup apps, MeterRegistry meters,
            ChatBridgeConfig config) {
        this.dingtalk = dingtalk;
        this.limits = limits;
        this.apps = apps;
        this.meters = meters;
        this.expiryMargin = config.sessionExpiryMargin();
        this.maxAttempts = Math.max(1, config.delivery().maxAttempts());
        this.backoff = config.delivery().backoff();
    }

    /** Never fails: every outcome, a refusal or a transport failure included, is a {@link Delivery}. */
    public Uni<Delivery> reply(ChatMessage message, Answer answer, Instant now) {
        AtomicInteger attempts = new AtomicInteger();
        Uni<Delivery> delivery;
        if (message.sessionWebhookUsableAt(now.plus(expiryMargin))) {
            delivery = viaSession(message, answer, attempts).chain(d -> SESSION_GONE.contains(d.answer().code())
                    ? viaOpenApi(message, answer, attempts)
                    : Uni.createFrom().item(d));
        } else {
            delivery = viaOpenApi(message, answer, attempts);
        }
        return delivery.invoke(d -> {
            meters.counter("dingrelay.chat.replies", "channel", d.channel().tag(),
                    "outcome", d.answer().outcome().name().toLowerCase(Locale.ROOT)).increment();
            if (!d.delivered()) {
                // Classifications never quote credentials (dingtalk-client masks URLs), but be sure for the session.
                LOG.warnf("Reply to %s in %s not delivered via %s after %d attempt(s): %s %s (%s)", message.msgId(),
                        message.conversationId(), d.channel().tag(), d.attempts(), d.answer().outcome(), d.answer().code(),
                        RedactedUrl.scrub(d.answer().message(), message.sessionWebhook()));
            }
        });
    }

    private Uni<Delivery> viaSession(ChatMessage message, Answer answer, AtomicInteger attempts) {
        RobotMessage reply = sessionMessage(message, answer);
        return limits.conversation(message.conversationId().value()).chain(granted -> granted
                ? retried(ReplyChannel.SESSION, attempts, () -> dingtalk.sessions().send(message.sessionWebhook(), reply))
                : Uni.createFrom().item(throttled(ReplyChannel.SESSION, attempts)));
    }

    private Uni<Delivery> viaOpenApi(ChatMessage message, Answer answer, AtomicInteger attempts) {
        Optional<AppCredentials> app = apps.of(message.app().value());
        if (app.isEmpty()) {
            return Uni.createFrom().item(new Delivery(ReplyChannel.NONE, new Classification(Outcome.PERMANENT, Scope.APP,
                    "no_app_credentials", "dingtalk.apps." + message.app().value() + ".app-key/app-secret not configured",
                    Duration.ZERO), attempts.get()));
        }
        // Internal apps' robots have the appKey as robotCode (protocol §5.2); the callback names it when DingTalk does.
        String robotCode = message.robotCode() != null ? message.robotCode().value() : app.get().appKey();
        GroupMessage group = groupMessage(message, answer, robotCode);
        return limits.conversation(message.conversationId().value())
                .chain(granted -> granted ? limits.app(message.app().value()) : Uni.createFrom().item(false))
                .chain(granted -> granted
                        ? retried(ReplyChannel.OPENAPI, attempts, () -> dingtalk.groupMessages().send(app.get(), group))
                        : Uni.createFrom().item(throttled(ReplyChannel.OPENAPI, attempts)));
    }

    /** Retries what DingTalk calls retryable (not an IP ban: that waits minutes, the user has moved on). */
    private Uni<Delivery> retried(ReplyChannel channel, AtomicInteger attempts, Supplier<Uni<Classification>> send) {
        return Uni.createFrom().deferred(() -> {
                    if (attempts.getAndIncrement() > 0) {
                        meters.counter("dingrelay.chat.reply.retries", "channel", channel.tag()).increment();
                    }
                    return send.get();
                })
                .chain(answer -> shouldRetry(answer)
                        ? Uni.createFrom().failure(new RetryableAnswer(answer))
                        : Uni.createFrom().item(answer))
                .onFailure(RetryableAnswer.class).retry()
                .withBackOff(backoff, backoff.multipliedBy(8)).withJitter(0.2).atMost(maxAttempts - 1L)
                .onFailure(RetryableAnswer.class).recoverWithItem(e -> ((RetryableAnswer) e).answer)
                .map(answer -> new Delivery(channel, answer, attempts.get()));
    }

    private static boolean shouldRetry(Classification answer) {
        return answer.outcome() == Outcome.RETRYABLE || answer.outcome() == Outcome.THROTTLED;
    }

    private static Delivery throttled(ReplyChannel channel, AtomicInteger attempts) {
        return new Delivery(channel, new Classification(Outcome.THROTTLED, Scope.GROUP, "local_limit",
                "no reply token became free in time", Duration.ZERO), attempts.get());
    }

    /** The session reply @-mentions the sender: by staffId in {@code at}, and as {@code @staffId} in the text (§3.4). */
    static RobotMessage sessionMessage(ChatMessage message, Answer answer) {
        String staffId = message.sender() == null ? null : message.sender().staffId();
        // DingTalk leaves staffId empty for external members; they can only be answered without the mention.
        boolean mention = staffId != null && !staffId.isBlank();
        At at = mention ? At.userIds(staffId) : null;
        String prefix = mention ? "@" + staffId + " " : "";
        if (answer.isMarkdown()) {
            return MarkdownMessage.of(answer.title(), prefix + answer.text(), at);
        }
        return TextMessage.of(prefix + answer.text(), at);
    }

    /** The OpenAPI cannot @ (§3.3): the sender's nick leads the text so they know it is theirs. */
    static GroupMessage groupMessage(ChatMessage message, Answer answer, String robotCode) {
        String nick = message.sender() == null || message.sender().nick() == null ? "" : message.sender().nick();
        String prefix = nick.isBlank() ? "" : "@" + nick + " ";
        String conversation = message.conversationId().value();
        if (answer.isMarkdown()) {
            return GroupMessage.of(robotCode, conversation, null, OpenApiTemplate.SAMPLE_MARKDOWN,
                    Map.of("title", answer.title(), "text", prefix + answer.text()));
        }
        return GroupMessage.of(robotCode, conversation, null, OpenApiTemplate.SAMPLE_TEXT,
                Map.of("content", prefix + answer.text()));
    }

    /** Carries a retryable answer through Mutiny's retry. */
    private static final class RetryableAnswer extends RuntimeException {
        final Classification answer;

        RetryableAnswer(Classification answer) {
            super(answer.code(), null, false, false);
            this.answer = answer;
        }
    }
}
