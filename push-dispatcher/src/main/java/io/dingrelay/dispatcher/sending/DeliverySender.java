package io.dingrelay.dispatcher.sending;

import io.dingrelay.dispatcher.config.PushConfig;
import io.dingrelay.dispatcher.messaging.PushPublisher;
import io.dingrelay.dispatcher.persistence.Ledger;
import io.dingrelay.dispatcher.persistence.LedgerStatus;
import io.dingrelay.dispatcher.service.MessageTemplate;
import io.dingrelay.events.Topics;
import io.dingrelay.events.ids.CampaignId;
import io.dingrelay.events.ids.RunId;
import io.dingrelay.events.push.DeadLetter;
import io.dingrelay.events.push.Delivery;
import io.dingrelay.events.push.DeliveryOutcome;
import io.dingrelay.events.push.DeliveryStatus;
import io.dingrelay.events.push.DeliveryTarget;
import io.dingrelay.events.push.PushMessage;
import io.dingrelay.protocol.answer.Classification;
import io.dingrelay.protocol.answer.Outcome;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sends the deliveries of one batch (or one retried delivery), exactly once in effect:
 * <ol>
 *   <li><b>claim</b> them in the ledger ({@link Ledger#claim}): only deliveries not yet delivered, failed or
 *       dead-lettered come back, so a batch Kafka redelivers after a restart, a rebalance or a replay sends nothing
 *       already delivered;</li>
 *   <li><b>send</b> the claimed ones concurrently on the event loop ({@code send-concurrency} in flight), each answer
 *       classified by the protocol library's AnswerClassifier;</li>
 *   <li>per group of answers: publish the outcomes (push.outcomes), the retries (push.retry.*, the step by attempt)
 *       and the dead letters, then <b>record</b> the answers in the ledger. Output before record: a crash in between
 *       re-sends (with the same msgUuid) rather than losing a retry.</li>
 * </ol>
 * The caller acknowledges the Kafka record when the returned Uni completes.
 */
@ApplicationScoped
public class DeliverySender {

    private static final List<Duration> RETRY_STEPS = List.of(Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofMinutes(15));

    private final Ledger ledger;
    private final TargetSender sender;
    private final PushPublisher publisher;
    private final PushConfig config;
    private final MeterRegistry meters;
    private final Map<String, Timer> sendTimers = new ConcurrentHashMap<>();

    public DeliverySender(Ledger ledger, TargetSender sender, PushPublisher publisher, PushConfig config, MeterRegistry meters) {
        this.ledger = ledger;
        this.sender = sender;
        this.publisher = publisher;
        this.config = config;
        this.meters = meters;
    }

    public Uni<Void> send(RunId run, CampaignId campaign, String partitionKey, PushMessage message, List<DeliveryTarget> targets) {
        if (targets.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Map<String, DeliveryTarget> byGroup = new HashMap<>();
        targets.forEach(t -> byGroup.put(t.groupId().value(), t));
        return ledger.claim(run, new ArrayList<>(byGroup.keySet()), config.sendingLease())
                .chain(claims -> {
                    if (claims.isEmpty()) {
                        return Uni.createFrom().voidItem();
                    }
                    MessageTemplate template = MessageTemplate.compile(message.template(), message.vars(), message.zone(),
                            message.firedAt(), message.dashboardUrl());
                    return Multi.createFrom().iterable(claims)
                            .onItem().transformToUni(claim -> attempt(run, template, byGroup.get(claim.groupId()), claim.attempt()))
                            .merge(config.sendConcurrency())
                            .group().intoLists().of(config.ledgerGroup(), config.ledgerFlush())
                            .onItem().transformToUniAndMerge(results -> settle(run, campaign, partitionKey, message, results))
                            .collect().last()
                            .replaceWithVoid();
                });
    }

    private Uni<SendResult> attempt(RunId run, MessageTemplate template, DeliveryTarget target, int attempt) {
        long start = System.nanoTime();
        return sender.send(run.value(), template, target)
                .map(answer -> new SendResult(target, attempt, answer, System.nanoTime() - start));
    }

    /** Publishes what the answers lead to, then records them in the ledger. */
    private Uni<Void> settle(RunId run, CampaignId campaign, String partitionKey, PushMessage message, List<SendResult> results) {
        Instant now = Instant.now();
        List<Ledger.Answer> answers = new ArrayList<>(results.size());
        List<Uni<Void>> output = new ArrayList<>();
        for (SendResult r : results) {
            Classification c = r.answer();
            LedgerStatus status = statusOf(c, r.attempt());
            Instant next = null;
            if (status == LedgerStatus.RETRY_SCHEDULED || status == LedgerStatus.THROTTLED) {
                int step = Math.min(r.attempt() - 1, RETRY_STEPS.size() - 1);
                Duration delay = RETRY_STEPS.get(step).compareTo(c.suggestedBackoff()) >= 0 ? RETRY_STEPS.get(step) : c.suggestedBackoff();
                next = now.plus(delay);
                output.add(publisher.retry(Topics.PUSH_RETRY_TOPICS.get(step),
                        new Delivery(run, campaign, partitionKey, r.target(), message, r.attempt(), next, c.code())));
            } else if (status == LedgerStatus.DEAD_LETTERED) {
                output.add(publisher.deadLetter(new DeadLetter(new Delivery(run, campaign, partitionKey, r.target(), message,
                        r.attempt(), null, c.code()), c.code(), c.message(), r.attempt(), now)));
            }
            String code = c.isDelivered() ? null : c.code();
            output.add(publisher.outcome(new DeliveryOutcome(run, r.target().groupId(), r.attempt(), DeliveryStatus.valueOf(status.name()),
                    code, c.isDelivered() ? null : c.message(), now)));
            answers.add(new Ledger.Answer(r.target().groupId().value(), status, code, c.isDelivered() ? null : c.message(), next));
            count(r, status);
        }
        return Uni.join().all(output).andFailFast()
                .chain(() -> ledger.record(run, answers))
                .replaceWithVoid();
    }

    /** DELIVERED; PERMANENT → FAILED; anything retryable → THROTTLED / RETRY_SCHEDULED, or DEAD_LETTERED on the last attempt. */
    LedgerStatus statusOf(Classification c, int attempt) {
        if (c.outcome() == Outcome.DELIVERED) {
            return LedgerStatus.DELIVERED;
        }
        if (c.outcome() == Outcome.PERMANENT) {
            return LedgerStatus.FAILED;
        }
        if (attempt >= config.maxAttempts()) {
            return LedgerStatus.DEAD_LETTERED;
        }
        return c.outcome() == Outcome.THROTTLED || c.outcome() == Outcome.IP_BANNED ? LedgerStatus.THROTTLED : LedgerStatus.RETRY_SCHEDULED;
    }

    private void count(SendResult r, LedgerStatus status) {
        String kind = r.target().kind().name();
        meters.counter("dingrelay.push.deliveries", "kind", kind, "status", status.name()).increment();
        sendTimers.computeIfAbsent(kind + "/" + r.answer().outcome(), k -> Timer.builder("dingrelay.push.send")
                        .description("One send to DingTalk, from the token to the classified answer")
                        .tag("kind", kind).tag("outcome", r.answer().outcome().name()).publishPercentiles(0.5, 0.99).register(meters))
                .record(Duration.ofNanos(r.nanos()));
    }
}
