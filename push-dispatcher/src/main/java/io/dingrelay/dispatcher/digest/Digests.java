package io.dingrelay.dispatcher.digest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dingrelay.dispatcher.client.CheckInSummaries;
import io.dingrelay.dispatcher.messaging.PushPublisher;
import io.dingrelay.dispatcher.persistence.CampaignStore;
import io.dingrelay.dispatcher.persistence.DigestLedger;
import io.dingrelay.dispatcher.service.Campaign;
import io.dingrelay.dispatcher.service.MessageTemplate;
import io.dingrelay.dispatcher.sending.TargetSender;
import io.dingrelay.events.EventJson;
import io.dingrelay.events.ids.CampaignId;
import io.dingrelay.events.ids.RunId;
import io.dingrelay.events.push.DeliveryOutcome;
import io.dingrelay.events.push.DeliveryStatus;
import io.dingrelay.events.push.DeliveryTarget;
import io.dingrelay.events.push.PushMessage;
import io.dingrelay.flow.FlowControl;
import io.dingrelay.protocol.DingTalkLimits;
import io.dingrelay.protocol.answer.Outcome;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Digest instead of a ban (issue 11 item 7, README "Digest"). When the sender is about to send a delivery of a digest
 * campaign to a custom robot, and that group has more messages pending in digest runs than its robot may send in the
 * coming minute (flow-control's per-robot budget, {@link FlowControl#robotAllowance}, over DingTalk's window
 * {@link DingTalkLimits#ROBOT_WINDOW}), the others are claimed in the ledger and all are merged, in fire-time order,
 * into markdown digests ({@link DigestComposer}) sent through the normal path ({@link TargetSender}: every budget,
 * the egress address, the classification). Each merged delivery whose digest DingTalk accepted is settled DELIVERED
 * with code {@code digest} and its DELIVERED outcome; the delivery being sent is settled by the caller as usual. The
 * merged ones of a digest not accepted go back to the state they had and are sent (or merged) later.
 */
@ApplicationScoped
public class Digests {

    private static final Logger LOG = Logger.getLogger(Digests.class);

    /** The most deliveries one digest claims: a backlog larger than this is merged over several sends. */
    static final int MAX_MERGED = 200;
    /** How long a campaign's digest flag is taken as known (a PATCH reaches the senders within this). */
    static final Duration FLAG_TTL = Duration.ofSeconds(5);

    private final DigestLedger ledger;
    private final CampaignStore campaigns;
    private final TargetSender sender;
    private final FlowControl flow;
    private final PushPublisher publisher;
    private final CheckInSummaries summaries;
    private final MeterRegistry meters;
    private final DigestComposer composer = new DigestComposer();
    private final Map<CampaignId, Flag> flags = new ConcurrentHashMap<>();

    private record Flag(boolean digest, long until) {
    }

    /**
     * What a digest send came to for the delivery being sent.
     *
     * @param sent     the send that carried it (or, if that one was not reached, the one that stopped the digest)
     * @param messages how many messages the digest carrying it merged (0: it went on its own, or was not sent)
     */
    public record Digested(TargetSender.Sent sent, int messages) {
    }

    public Digests(DigestLedger ledger, CampaignStore campaigns, TargetSender sender, FlowControl flow, PushPublisher publisher,
            CheckInSummaries summaries, MeterRegistry meters) {
        this.ledger = ledger;
        this.campaigns = campaigns;
        this.sender = sender;
        this.flow = flow;
        this.publisher = publisher;
        this.summaries = summaries;
        this.meters = meters;
    }

    /** Whether the campaign asked for digests (cached for {@link #FLAG_TTL}; a campaign gone: no). */
    public Uni<Boolean> isDigest(CampaignId campaign) {
        Flag f = flags.get(campaign);
        long now = System.nanoTime();
        if (f != null && now - f.until() < 0) {
            return Uni.createFrom().item(f.digest());
        }
        return campaigns.find(campaign).map(c -> {
            boolean digest = c.map(Campaign::digest).orElse(false);
            flags.put(campaign, new Flag(digest, now + FLAG_TTL.toNanos()));
            return digest;
        });
    }

    /** The message of a digest run, for the digests that merge it later (the planner calls it). */
    public Uni<Void> recordRunMessage(RunId run, PushMessage message) {
        return ledger.recordRunMessage(run, message);
    }

    /**
     * Sends {@code target}'s delivery of {@code run} merged with the group's other pending digest deliveries when they
     * are more than its robot may send in the coming minute; null when they are not (the caller sends it on its own).
     */
    public Uni<Digested> trySend(RunId run, PushMessage message, DeliveryTarget target) {
        String group = target.groupId().value();
        long allowance = flow.robotAllowance(group, DingTalkLimits.ROBOT_WINDOW);
        return ledger.pendingCount(group, run).chain(others -> {
            if (others == 0 || others + 1 <= allowance) {
                return Uni.createFrom().nullItem();
            }
            return ledger.claim(group, run, MAX_MERGED).chain(merged -> merged.isEmpty() ? Uni.createFrom().nullItem()
                    : merge(run, message, target, merged));
        });
    }

    private Uni<Digested> merge(RunId run, PushMessage message, DeliveryTarget target, List<DigestLedger.Merged> merged) {
        Map<String, DigestLedger.Merged> byRun = new HashMap<>();
        merged.forEach(m -> byRun.put(m.run().value(), m));
        boolean summary = uses(message) || merged.stream().anyMatch(m -> uses(m.message()));
        Uni<String> text = summary ? summaries.textFor(target) : Uni.createFrom().item("");
        return text.chain(checkIn -> {
            List<DigestComposer.Item> items = new ArrayList<>(merged.size() + 1);
            items.add(item(run, message, target, checkIn));
            merged.forEach(m -> items.add(item(m.run(), m.message(), target, checkIn)));
            items.sort(Comparator.comparing(DigestComposer.Item::firedAt).thenComparing(DigestComposer.Item::key));
            List<DigestComposer.Part> parts = composer.compose(items);
            return sendParts(run, target, parts, 0, byRun, null);
        }).onFailure().call(e -> {
            LOG.warnf("Digest for group %s failed before sending: %s; its %d merged deliveries are released", target.groupId().value(),
                    e.getMessage(), merged.size());
            return ledger.release(target.groupId().value(), merged);
        });
    }

    /** Parts one after the other; the first not accepted stops the digest and releases what is left. */
    private Uni<Digested> sendParts(RunId run, DeliveryTarget target, List<DigestComposer.Part> parts, int i,
            Map<String, DigestLedger.Merged> byRun, Digested current) {
        String group = target.groupId().value();
        if (i == parts.size()) {
            return Uni.createFrom().item(current);
        }
        DigestComposer.Part part = parts.get(i);
        return sender.sendWebhookBody(target, EventJson.write(withMsgUuid(part, group))).chain(sent -> {
            boolean hasCurrent = part.items().stream().anyMatch(it -> it.key().equals(run.value()));
            boolean accepted = sent.sent() && sent.answer() != null && sent.answer().outcome() == Outcome.DELIVERED;
            if (!accepted) {
                List<DigestLedger.Merged> left = new ArrayList<>();
                for (int j = i; j < parts.size(); j++) {
                    parts.get(j).items().stream().map(it -> byRun.get(it.key())).filter(m -> m != null).forEach(left::add);
                }
                Digested result = current != null ? current : new Digested(sent, 0);
                return ledger.release(group, left).replaceWith(result);
            }
            List<DigestLedger.Merged> settled = part.items().stream().map(it -> byRun.get(it.key())).filter(m -> m != null).toList();
            int n = part.items().size();
            String note = part.digest() ? "delivered in a digest of " + n + " messages" : "delivered on its own by a digest";
            if (part.digest()) {
                meters.counter("dingrelay.push.digests").increment();
                meters.counter("dingrelay.push.digested").increment(n);
            }
            Instant now = Instant.now();
            // output before record, as for every answer (DeliverySender): a crash in between re-sends rather than loses
            List<Uni<Void>> outcomes = new ArrayList<>(settled.size());
            settled.forEach(m -> outcomes.add(publisher.outcome(new DeliveryOutcome(m.run(), target.groupId(), m.attempts() + 1,
                    DeliveryStatus.DELIVERED, part.digest() ? "digest" : null, note, now))));
            Uni<Void> published = outcomes.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(outcomes).andFailFast().replaceWithVoid();
            Digested next = hasCurrent ? new Digested(sent, part.digest() ? n : 0) : current;
            return published.chain(() -> ledger.delivered(group, settled.stream().map(DigestLedger.Merged::run).toList(), note))
                    .chain(() -> sendParts(run, target, parts, i + 1, byRun, next));
        });
    }

    /** A digest's msgUuid names its first message and its size, so DingTalk drops a repeat of the same digest. */
    private static ObjectNode withMsgUuid(DigestComposer.Part part, String group) {
        if (!part.digest()) {
            return part.body();
        }
        ObjectNode body = EventJson.mapper().createObjectNode();
        body.put("msgUuid", "digest:" + part.items().get(0).key() + ":" + group + ":" + part.items().size());
        body.setAll(part.body());
        return body;
    }

    private static DigestComposer.Item item(RunId run, PushMessage m, DeliveryTarget target, String checkIn) {
        MessageTemplate template = MessageTemplate.compile(m.template(), m.vars(), m.zone(), m.firedAt(), m.dashboardUrl());
        String rendered = template.render(target.groupId().value(), target.title(), run.value() + ":" + target.groupId().value(), checkIn);
        return new DigestComposer.Item(run.value(), (ObjectNode) EventJson.read(rendered, JsonNode.class), m.firedAt(), m.zone());
    }

    private static boolean uses(PushMessage m) {
        return MessageTemplate.compile(m.template(), m.vars(), m.zone(), m.firedAt(), m.dashboardUrl()).usesCheckInSummary();
    }
}
