package io.dingrelay.chat.service;

import io.dingrelay.chat.answer.Answer;
import io.dingrelay.chat.answer.AnswererChain;
import io.dingrelay.chat.answer.QuestionReader;
import io.dingrelay.chat.messaging.RecordReaders;
import io.dingrelay.chat.delivery.ReplySender;
import io.dingrelay.chat.persistence.HandledMessages;
import io.dingrelay.events.chat.ChatMessage;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Answers one @robot message in two steps. {@link #reply}: claims its msgId (once per message, across restarts),
 * reads the question, asks the answerers in order and sends the answer — the conversation's next message waits for
 * this. {@link #settle}: records the message as answered, or releases the claim of a reply that could not be
 * delivered so a redelivery may try again — the record is acknowledged after this, the next message does not wait.
 *
 * <p>Never fails: every outcome is counted in {@code dingrelay.chat.messages{channel,result}} (the same
 * counter as the {@code RecordReader}'s {@code received}/{@code malformed}, so it carries the channel tag too), and the time from the
 * gateway accepting the callback to DingTalk accepting the reply in {@code dingrelay.chat.answer.latency}.
 */
@ApplicationScoped
public class ChatResponder {

    private static final Logger LOG = Logger.getLogger(ChatResponder.class);

    private final HandledMessages handled;
    private final QuestionReader reader;
    private final AnswererChain answerers;
    private final ReplySender replies;
    private final MeterRegistry meters;
    private final Clock clock = Clock.systemUTC();
    private final Timer latency;

    public ChatResponder(HandledMessages handled, QuestionReader reader, AnswererChain answerers, ReplySender replies,
            MeterRegistry meters) {
        this.handled = handled;
        this.reader = reader;
        this.answerers = answerers;
        this.replies = replies;
        this.meters = meters;
        this.latency = Timer.builder("dingrelay.chat.answer.latency")
                .description("From the gateway accepting the callback to DingTalk accepting the reply")
                .publishPercentiles(0.5, 0.99)
                .register(meters);
    }

    /**
     * Claims the message, answers it and sends the answer: what the conversation's next message has to wait for.
     * Counted as soon as the outcome is known; what is left to write down is {@link #settle}'s.
     */
    public Uni<Replied> reply(ChatMessage message) {
        Instant now = clock.instant();
        return claim(message, now).chain(claimed -> {
            if (!claimed) {
                LOG.debugf("Not answering %s again: answered or being answered", message.msgId());
                return Uni.createFrom().item(new Replied(message, counted(ReplyResult.DUPLICATE), null, null));
            }
            return answer(message, now).chain(answer -> answer.isEmpty()
                    ? Uni.createFrom().item(new Replied(message, counted(ReplyResult.UNANSWERED), "none", "none"))
                    : deliver(message, answer.get(), now));
        });
    }

    /**
     * Writes down what became of a claimed message: answered (a redelivered copy is then a duplicate for good, not
     * only within the claim's lease), or released after a failed reply (a redelivered copy may try again). Off the
     * conversation's path, but before the record is acknowledged. Never fails: a claim left behind expires.
     */
    public Uni<Void> settle(Replied replied) {
        Uni<Void> write = switch (replied.result()) {
            case REPLIED, UNANSWERED -> handled.markAnswered(replied.message().msgId(), replied.answerer(),
                    replied.channel(), clock.instant());
            case FAILED -> handled.release(replied.message().msgId());
            case DUPLICATE -> Uni.createFrom().voidItem();
        };
        return write.onFailure().recoverWithUni(e -> {
            LOG.warnf("Could not settle %s (%s): %s", replied.message().msgId(), replied.result().tag(), e.getMessage());
            return Uni.createFrom().voidItem();
        });
    }

    /**
     * A database that cannot be reached must not silence the robot: the message is answered without the claim
     * (a redelivery during the outage could then be answered twice), and the outage is counted.
     */
    private Uni<Boolean> claim(ChatMessage message, Instant now) {
        return handled.claim(message.msgId(), message.conversationId(), now)
                .onFailure().recoverWithItem(e -> {
                    meters.counter("dingrelay.chat.dedup.unavailable").increment();
                    LOG.warnf("Cannot claim %s (answering anyway): %s", message.msgId(), e.getMessage());
                    return true;
                });
    }

    private Uni<Optional<Answer>> answer(ChatMessage message, Instant now) {
        QuestionReader.Reading reading = reader.read(message, now);
        if (reading.immediate() != null) {
            return Uni.createFrom().item(Optional.of(reading.immediate()));
        }
        return answerers.answer(reading.question());
    }

    private Uni<Replied> deliver(ChatMessage message, Answer answer, Instant now) {
        meters.counter("dingrelay.chat.answers", "answerer", answer.answerer()).increment();
        return replies.reply(message, answer, clock.instant()).map(delivery -> {
            if (delivery.delivered()) {
                recordLatency(message, now);
                return new Replied(message, counted(ReplyResult.REPLIED), answer.answerer(), delivery.channel().tag());
            }
            return new Replied(message, counted(ReplyResult.FAILED), answer.answerer(), delivery.channel().tag());
        });
    }

    private void recordLatency(ChatMessage message, Instant start) {
        Instant from = message.receivedAt() != null ? message.receivedAt() : start;
        latency.record(Duration.between(from, clock.instant()));
    }

    private ReplyResult counted(ReplyResult result) {
        meters.counter(RecordReaders.METRIC, "channel", RecordReaders.CHANNEL, "result", result.tag()).increment();
        return result;
    }
}
