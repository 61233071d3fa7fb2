package io.dingrelay.dispatcher.sending;

import io.dingrelay.dispatcher.config.PushConfig;
import io.dingrelay.dispatcher.digest.Digests;
import io.dingrelay.dispatcher.messaging.PushPublisher;
import io.dingrelay.dispatcher.persistence.Ledger;
import io.dingrelay.dispatcher.persistence.LedgerStatus;
import io.dingrelay.dispatcher.service.MessageTemplate;
import io.dingrelay.dispatcher.service.RunService;
import io.dingrelay.events.RetrySchedule;
import io.dingrelay.events.ids.CampaignId;
import io.dingrelay.events.ids.RunId;
import io.dingrelay.events.push.DeadLetter;
import io.dingrelay.events.push.Delivery;
import io.dingrelay.events.push.DeliveryOutcome;
import io.dingrelay.events.push.DeliveryStatus;
import io.dingrelay.events.push.DeliveryTarget;
import io.dingrelay.events.push.PushMessage;
import io.dingrelay.flow.Permit;
import io.dingrelay.flow.ScopeKey;
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
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * Sends the deliveries of one batch (or one retried delivery), exactly once in effect and within every DingTalk budget:
 * <ol>
 *   <li><b>claim</b> them in the ledger ({@link Ledger#claim}): only deliveries not yet delivered, failed or
 *       dead-lettered come back, so a batch Kafka redelivers after a restart, a rebalance or a replay sends nothing
 *       already delivered;</li>
 *   <li><b>send</b> the claimed ones concurrently ({@code send-concurrency} in flight) through {@link TargetSender}, which
 *       takes every budget first (flow-control) and sends from the egress address it granted;</li>
 *   <li>per group of answers: publish what they lead to, then <b>record</b> them in the ledger. Output before record: a
 *       crash in between re-sends (with the same msgUuid) rather than losing a retry.</li>
 * </ol>
 * What an answer leads to (README "Limits"):
 * <ul>
 *   <li>DELIVERED → outcome DELIVERED;</li>
 *   <li>permanent (disbanded group, revoked token, bad message) → ledger FAILED, outcome FAILED (the registry disables
 *       the group for GROUP/ROBOT codes), a dead letter with the errcode, attempts and reason;</li>
 *   <li>retryable (timeout, 5xx, -1) → RETRY_SCHEDULED on {@code push.retry.<step>} after the schedule's step ± jitter,
 *       or DEAD_LETTERED once {@code max-attempts} are used or the retry would come after {@code max-age};</li>
 *   <li><b>throttled — not a failure, no attempt used, no outcome</b>: a permit DEFERRED by a budget or a pause longer
 *       than {@code max-wait}, a ban DingTalk answered anyway (its scope is paused by flow-control), a paused run, a
 *       permit REFUSED by the monthly quota (which pauses the run with the reason): the delivery leaves its partition
 *       for the retry topic of its wait (THROTTLED, the claim's attempt given back), so a banned robot never holds up
 *       the robots behind it.</li>
 * </ul>
 * The caller acknowledges the Kafka record when the returned Uni completes.
 */
@ApplicationScoped
public class DeliverySender {

    private static final Logger LOG = Logger.getLogger(DeliverySender.class);

    /** The shortest wait of a parked delivery: longer than a group of answers takes to reach the ledger. */
    static final Duration MIN_PARK = Duration.ofSeconds(2);

    private final Ledger ledger;
    private final TargetSender sender;
    private final PushPublisher publisher;
    private final PushConfig config;
    private final RunService runService;
    private final RunPauses pauses;
    private final MeterRegistry meters;
    private final Digests digests;
    private final Map<String, Timer> sendTimers = new ConcurrentHashMap<>();

    public DeliverySender(Ledger ledger, TargetSender sender, PushPublisher publisher, PushConfig config, RunService runService,
            RunPauses pauses, MeterRegistry meters, Digests digests) {
        this.digests = digests;
        this.ledger = ledger;
        this.sender = sender;
        this.publisher = publisher;
        this.config = config;
        this.runService = runService;
        this.pauses = pauses;
        this.meters = meters;
    }

    /** A batch's targets (none parked before). */
    public Uni<Void> send(RunId run, CampaignId campaign, String partitionKey, PushMessage message, List<DeliveryTarget> targets) {
        return send(run, campaign, partitionKey, message, targets, null);
    }

    /**
     * @param firstParkedAt when these deliveries first left their batch for a retry topic (the maximum age counts from
     *                      there); null: never, or unknown (a replay)
     */
    public Uni<Void> send(RunId run, CampaignId campaign, String partitionKey, PushMessage message, List<DeliveryTarget> targets,
            Instant firstParkedAt) {
        if (targets.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Map<String, DeliveryTarget> byGroup = new HashMap<>();
        java.util.concurrent.atomic.AtomicBoolean digest = new java.util.concurrent.atomic.AtomicBoolean();
        targets.forEach(t -> byGroup.put(t.groupId().value(), t));
        return ledger.claim(run, new ArrayList<>(byGroup.keySet()), config.sendingLease())
                .call(claims -> watchHeld(run, campaign, partitionKey, message, byGroup, claims, firstParkedAt))
                .chain(claims -> claims.isEmpty() ? Uni.createFrom().item(List.<Ledger.Claim>of())
                        : digests.isDigest(campaign).onFailure().recoverWithItem(false).map(d -> {
                            digest.set(d);
                            return claims;
                        }))
                .chain(claims -> {
                    if (claims.isEmpty()) {
                        return Uni.createFrom().voidItem();
                    }
                    MessageTemplate template = MessageTemplate.compile(message.template(), message.vars(), message.zone(),
                            message.firedAt(), message.dashboardUrl());
                    return Multi.createFrom().iterable(claims)
                            .onItem().transformToUni(claim -> digest.get()
                                    ? attemptDigest(run, message, template, byGroup.get(claim.groupId()), claim.attempt(), firstParkedAt)
                                    : attempt(run, template, byGroup.get(claim.groupId()), claim.attempt(), firstParkedAt))
                            .merge(config.sendConcurrency())
                            .group().intoLists().of(config.ledgerGroup(), config.ledgerFlush())
                            .onItem().transformToUniAndMerge(results -> settle(run, campaign, partitionKey, message, results))
                            .collect().last()
                            .replaceWithVoid();
                });
    }

    /**
     * Deliveries of this batch that another claim still holds (SENDING) are looked at again once that claim's lease
     * has run out, through a retry topic: the claim then takes them if their sender died, and finds them settled if
     * it did not. Without this, a batch re-read after a SIGKILL but within the lease was acknowledged with those rows
     * SENDING for good, and the groups never got the message (found by the reliability drill, deploy/local).
     */
    private Uni<Void> watchHeld(RunId run, CampaignId campaign, String partitionKey, PushMessage message,
            Map<String, DeliveryTarget> byGroup, List<Ledger.Claim> claims, Instant firstParkedAt) {
        if (claims.size() == byGroup.size()) {
            return Uni.createFrom().voidItem();
        }
        List<String> unclaimed = new ArrayList<>(byGroup.keySet());
        claims.forEach(c -> unclaimed.remove(c.groupId()));
        return ledger.heldSending(run, unclaimed, config.sendingLease()).chain(held -> {
            if (held.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            meters.counter("dingrelay.push.held.watched").increment(held.size());
            Instant now = Instant.now();
            List<Uni<Void>> out = new ArrayList<>(held.size());
            held.forEach((group, takeOverAt) -> {
                Instant notBefore = max(takeOverAt.plus(MIN_PARK), now.plus(MIN_PARK));
                out.add(publisher.retry(RetrySchedule.topicFor(Duration.between(now, notBefore)),
                        new Delivery(run, campaign, partitionKey, byGroup.get(group), message, 0, notBefore, "sending.held",
                                firstParkedAt)));
            });
            return Uni.join().all(out).andFailFast().replaceWithVoid();
        });
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private Uni<SendResult> attempt(RunId run, MessageTemplate template, DeliveryTarget target, int attempt, Instant firstParkedAt) {
        if (pauses.isPaused(run)) {
            return Uni.createFrom().item(new SendResult(target, attempt, null, 0, firstParkedAt));
        }
        long start = System.nanoTime();
        return sender.send(run.value(), template, target)
                .map(sent -> new SendResult(target, attempt, sent, System.nanoTime() - start, firstParkedAt));
    }

    /**
     * A delivery of a digest campaign: merged with its group's backlog when that is more than the robot may send in the
     * coming minute ({@link Digests}), else sent on its own. Only custom robots have the per-minute budget.
     */
    private Uni<SendResult> attemptDigest(RunId run, PushMessage message, MessageTemplate template, DeliveryTarget target, int attempt,
            Instant firstParkedAt) {
        if (pauses.isPaused(run) || target.kind() != io.dingrelay.events.registry.GroupKind.CUSTOM_WEBHOOK) {
            return attempt(run, template, target, attempt, firstParkedAt);
        }
        long start = System.nanoTime();
        return digests.trySend(run, message, target).chain(d -> d == null ? attempt(run, template, target, attempt, firstParkedAt)
                : Uni.createFrom().item(new SendResult(target, attempt, d.sent(), System.nanoTime() - start, firstParkedAt, d.messages())));
    }

    /** What one result leads to: its ledger answer, and what is published for it. */
    private record Decision(Ledger.Answer answer, Uni<Void> output) {
    }

    /** Publishes what the answers lead to, then records them in the ledger. */
    private Uni<Void> settle(RunId run, CampaignId campaign, String partitionKey, PushMessage message, List<SendResult> results) {
        Instant now = Instant.now();
        List<Ledger.Answer> answers = new ArrayList<>(results.size());
        List<Uni<Void>> output = new ArrayList<>();
        List<Uni<Boolean>> runPauses = new ArrayList<>();
        for (SendResult r : results) {
            Decision d = decide(run, campaign, partitionKey, message, r, now, runPauses);
            answers.add(d.answer());
            output.add(d.output());
        }
        // the run's pause before the ledger: a delivery recorded THROTTLED for a quota stop finds its run paused
        return Uni.join().all(runPauses.isEmpty() ? List.of(Uni.createFrom().item(true)) : runPauses).andFailFast()
                .chain(() -> Uni.join().all(output).andFailFast())
                .chain(() -> ledger.record(run, answers))
                .replaceWithVoid();
    }

    private Decision decide(RunId run, CampaignId campaign, String partitionKey, PushMessage message, SendResult r, Instant now,
            List<Uni<Boolean>> runPauses) {
        DeliveryTarget target = r.target();
        Instant parkedSince = r.firstParkedAt() != null ? r.firstParkedAt() : now;
        if (r.runPaused()) {
            return park(run, campaign, partitionKey, message, r, now, parkedSince, config.retry().pausedRecheck(), "run.paused",
                    "the run is paused", "paused");
        }
        Permit permit = r.sent().permit();
        if (permit != null && permit.status() == Permit.Status.REFUSED) {
            if (!pauses.isPaused(run)) {
                String reason = "monthly quota of corp " + permit.blockedBy().name() + " exhausted ("
                        + config.limits().orgMonthlyQuota().orElse(0) + " sends this month)";
                pauses.changedHere(run, true);
                runPauses.add(runService.pause(run, reason));
            }
            return park(run, campaign, partitionKey, message, r, now, parkedSince, config.retry().pausedRecheck(), "quota.exhausted",
                    permit.reason(), "org");
        }
        if (permit != null && permit.status() == Permit.Status.DEFERRED) {
            Duration wait = min(permit.retryAfter(), config.retry().maxPark());
            ScopeKey by = permit.blockedBy();
            return park(run, campaign, partitionKey, message, r, now, parkedSince, wait, by == null ? "deferred" : "deferred:" + by.id(),
                    permit.reason(), by == null ? "ip" : by.scope().name().toLowerCase());
        }
        Classification c = r.sent().answer();
        if (c.outcome() == Outcome.THROTTLED || c.outcome() == Outcome.IP_BANNED) {
            // DingTalk throttled it anyway: flow-control paused the scope (observe); come back when the pause ends
            Duration wait = min(c.suggestedBackoff().isZero() ? RetrySchedule.STEPS.get(0) : c.suggestedBackoff(), config.retry().maxPark());
            return park(run, campaign, partitionKey, message, r, now, parkedSince, wait, c.code(), c.message(), "dingtalk");
        }
        if (c.outcome() == Outcome.DELIVERED) {
            count(r, LedgerStatus.DELIVERED);
            String code = r.digestOf() > 1 ? "digest" : null;
            String note = r.digestOf() > 1 ? "delivered in a digest of " + r.digestOf() + " messages" : null;
            return new Decision(new Ledger.Answer(target.groupId().value(), LedgerStatus.DELIVERED, code, note, null),
                    publisher.outcome(new DeliveryOutcome(run, target.groupId(), r.attempt(), DeliveryStatus.DELIVERED, code, note, now)));
        }
        if (c.outcome() == Outcome.PERMANENT) {
            return deadLetter(run, campaign, partitionKey, message, r, now, LedgerStatus.FAILED, c.code(), c.message(),
                    "permanent failure " + c.code() + ": " + c.message(), r.attempt(), true);
        }
        // retryable
        if (r.attempt() >= config.maxAttempts()) {
            return deadLetter(run, campaign, partitionKey, message, r, now, LedgerStatus.DEAD_LETTERED, c.code(), c.message(),
                    "retries exhausted after " + r.attempt() + " attempts, last " + c.code() + ": " + c.message(), r.attempt(), true);
        }
        Duration step = RetrySchedule.delayAfter(r.attempt()).orElse(RetrySchedule.STEPS.get(RetrySchedule.STEPS.size() - 1));
        Duration delay = jittered(Duration.ofMillis(Math.round(step.toMillis() * config.retry().delayScale())), config.retry().jitter());
        if (c.suggestedBackoff() != null && c.suggestedBackoff().compareTo(delay) > 0) {
            delay = c.suggestedBackoff();
        }
        Instant next = now.plus(delay);
        if (next.isAfter(parkedSince.plus(config.retry().maxAge()))) {
            return deadLetter(run, campaign, partitionKey, message, r, now, LedgerStatus.DEAD_LETTERED, c.code(), c.message(),
                    "older than the maximum age " + config.retry().maxAge() + " after " + r.attempt() + " attempts, last " + c.code()
                            + ": " + c.message(), r.attempt(), true);
        }
        count(r, LedgerStatus.RETRY_SCHEDULED);
        Uni<Void> out = publisher.retry(RetrySchedule.topicFor(step),
                        new Delivery(run, campaign, partitionKey, target, message, r.attempt(), next, c.code(), parkedSince))
                .chain(() -> publisher.outcome(new DeliveryOutcome(run, target.groupId(), r.attempt(), DeliveryStatus.RETRY_SCHEDULED,
                        c.code(), c.message(), now)));
        return new Decision(new Ledger.Answer(target.groupId().value(), LedgerStatus.RETRY_SCHEDULED, c.code(), c.message(), next), out);
    }

    /**
     * Throttled: onto the retry topic of its wait, THROTTLED, the claim's attempt given back, no outcome (it was not an
     * attempt). Past the maximum age (a ban or pause of hours) it is dead-lettered instead — but never while its run is
     * paused: an operator's resume decides.
     */
    private Decision park(RunId run, CampaignId campaign, String partitionKey, PushMessage message, SendResult r, Instant now,
            Instant parkedSince, Duration wait, String code, String why, String scope) {
        int attemptsMade = r.attempt() - 1;
        if (!"paused".equals(scope) && !"org".equals(scope) && now.plus(wait).isAfter(parkedSince.plus(config.retry().maxAge()))) {
            return deadLetter(run, campaign, partitionKey, message, r, now, LedgerStatus.DEAD_LETTERED, code, why,
                    "older than the maximum age " + config.retry().maxAge() + " while throttled (" + why + ")", attemptsMade, false);
        }
        meters.counter("dingrelay.push.throttle.waits", "scope", scope).increment();
        count(r, LedgerStatus.THROTTLED);
        // a little jitter upwards: deliveries held by one ban (an IP's) do not all come back in the same millisecond;
        // and never sooner than MIN_PARK: the retry record is published before this answer is in the ledger, and a
        // claim that still finds the row SENDING would take nothing (the delivery lost until the sending lease)
        Duration delay = jittered(wait, 0.1).plus(wait.dividedBy(10));
        if (delay.compareTo(MIN_PARK) < 0) {
            delay = MIN_PARK;
        }
        Instant next = now.plus(delay);
        Uni<Void> out = publisher.retry(RetrySchedule.topicFor(delay),
                new Delivery(run, campaign, partitionKey, r.target(), message, attemptsMade, next, code, parkedSince));
        return new Decision(new Ledger.Answer(r.target().groupId().value(), LedgerStatus.THROTTLED, code, why, next, false), out);
    }

    private Decision deadLetter(RunId run, CampaignId campaign, String partitionKey, PushMessage message, SendResult r, Instant now,
            LedgerStatus status, String code, String errmsg, String reason, int attempts, boolean attemptUsed) {
        count(r, status);
        DeliveryTarget target = r.target();
        LOG.debugf("Run %s group %s %s: %s", run.value(), target.groupId().value(), status, reason);
        Uni<Void> out = publisher.deadLetter(new DeadLetter(new Delivery(run, campaign, partitionKey, target, message, attempts, null, code,
                        r.firstParkedAt()), code, reason, attempts, now))
                .chain(() -> publisher.outcome(new DeliveryOutcome(run, target.groupId(), attempts, DeliveryStatus.valueOf(status.name()),
                        code, errmsg, now)));
        return new Decision(new Ledger.Answer(target.groupId().value(), status, code, reason, null, attemptUsed), out);
    }

    /** {@code d} ± {@code share} at random. */
    static Duration jittered(Duration d, double share) {
        if (share <= 0) {
            return d;
        }
        double f = 1 + ThreadLocalRandom.current().nextDouble(-share, share);
        return Duration.ofMillis(Math.max(1, Math.round(d.toMillis() * f)));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private void count(SendResult r, LedgerStatus status) {
        String kind = r.target().kind().name();
        meters.counter("dingrelay.push.deliveries", "kind", kind, "status", status.name()).increment();
        if (r.sent() != null && r.sent().answer() != null && r.sent().sent()) {
            Classification answer = r.sent().answer();
            sendTimers.computeIfAbsent(kind + "/" + answer.outcome(), k -> Timer.builder("dingrelay.push.send")
                            .description("One send to DingTalk, from the budgets to the classified answer")
                            .tag("kind", kind).tag("outcome", answer.outcome().name()).publishPercentiles(0.5, 0.99).register(meters))
                    .record(Duration.ofNanos(r.nanos()));
        }
    }
}
