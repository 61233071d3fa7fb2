package io.dingrelay.dispatcher.planning;

import io.dingrelay.dispatcher.client.AudienceClient;
import io.dingrelay.dispatcher.config.PushConfig;
import io.dingrelay.dispatcher.digest.Digests;
import io.dingrelay.dispatcher.messaging.PushPublisher;
import io.dingrelay.dispatcher.persistence.CampaignStore;
import io.dingrelay.dispatcher.persistence.Ledger;
import io.dingrelay.dispatcher.persistence.RunStore;
import io.dingrelay.dispatcher.service.Campaign;
import io.dingrelay.dispatcher.service.DashboardImages;
import io.dingrelay.dispatcher.service.MessageTemplate;
import io.dingrelay.dispatcher.service.Run;
import io.dingrelay.events.ids.RunId;
import io.dingrelay.events.push.DeliveryTarget;
import io.dingrelay.events.push.PushBatch;
import io.dingrelay.events.push.PushMessage;
import io.dingrelay.events.registry.AudienceEntry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Plans a run: streams its audience from the registry, writes the ledger's PLANNED rows in bulk and publishes the
 * targets to push.batches in batches of one partition each (see {@link Partitioning}).
 *
 * <p>Planning is claimed in the {@code runs} row ({@link RunStore#claimPlanning}) and heartbeated after every chunk
 * and, while this replica is running the plan, on every schedule tick ({@link #heartbeat}); a replica that dies, or
 * whose plan failed (the registry unreachable, say), is replaced after {@code plannerLease} by any replica, which
 * plans the run again: ledger rows already written stay (ON CONFLICT DO NOTHING) and batches already published
 * ({@code batches_published}) are skipped, so the plan is finished, not duplicated. Should a batch still be published
 * twice (a crash between the broker's ack and the counter's update), the ledger stops its deliveries from being sent
 * twice.
 *
 * <p>A staggered run publishes batch {@code k} no earlier than {@code start + stagger × k / expected batches}, the
 * expected count coming from the audience's size at the last validation or plan.
 */
@ApplicationScoped
public class Planner {

    private static final Logger LOG = Logger.getLogger(Planner.class);

    /** This replica's name in {@code runs.planner_id}. */
    private final String plannerId = "planner-" + UUID.randomUUID();

    private final RunStore runs;
    private final CampaignStore campaigns;
    private final Ledger ledger;
    private final AudienceClient audiences;
    private final PushPublisher publisher;
    private final DashboardImages dashboards;
    private final PushConfig config;
    private final Timer planningTime;
    /**
     * The runs this replica is planning right now. Only these are heartbeated on the tick: a plan that failed must
     * let its lease lapse, or no replica would ever take it up again.
     */
    private final Set<String> planning = ConcurrentHashMap.newKeySet();
    private final Digests digests;

    public Planner(RunStore runs, CampaignStore campaigns, Ledger ledger, AudienceClient audiences, PushPublisher publisher,
            DashboardImages dashboards, PushConfig config, MeterRegistry meters, Digests digests) {
        this.digests = digests;
        this.runs = runs;
        this.campaigns = campaigns;
        this.ledger = ledger;
        this.audiences = audiences;
        this.publisher = publisher;
        this.dashboards = dashboards;
        this.config = config;
        this.planningTime = Timer.builder("dingrelay.push.planning").description("Time to plan a run (audience to ledger and push.batches)")
                .register(meters);
    }

    public String plannerId() {
        return plannerId;
    }

    /** Plans the run unless another live replica is planning it; failures are logged (the supervisor retries). */
    public void startInBackground(RunId runId) {
        plan(runId).subscribe().with(ok -> { }, failure -> LOG.errorf("Planning run %s failed (will be retried after %s): %s",
                runId.value(), config.plannerLease(), failure.getMessage()));
    }

    /** Renews the lease of the plans this replica is running now (not of those that failed: they are retried). */
    public Uni<Void> heartbeat() {
        return planning.isEmpty() ? Uni.createFrom().voidItem() : runs.heartbeatAll(plannerId, List.copyOf(planning));
    }

    /** Claims and plans the run; completes with false when another replica has it or it is no longer planning. */
    public Uni<Boolean> plan(RunId runId) {
        return runs.claimPlanning(runId, plannerId, config.plannerLease())
                .chain(claimed -> claimed.isEmpty() ? Uni.createFrom().item(false) : planClaimed(claimed.get()));
    }

    private Uni<Boolean> planClaimed(Run run) {
        planning.add(run.id().value());
        return campaigns.find(run.campaignId())
                .chain(c -> plan(run, c.orElseThrow(() -> new IllegalStateException("campaign gone"))))
                .onTermination().invoke(() -> planning.remove(run.id().value()));
    }

    private Uni<Boolean> plan(Run run, Campaign campaign) {
        long started = System.nanoTime();
        // a digest run's message is kept for the digests that merge it with later runs (vars may change per alert)
        return dashboards.messageOf(run, campaign)
                .call(message -> campaign.digest() ? digests.recordRunMessage(run.id(), message) : Uni.createFrom().voidItem())
                .chain(message -> plan(run, campaign, message, started));
    }


    private Uni<Boolean> plan(Run run, Campaign campaign, PushMessage message, long started) {
        BatchAssembler assembler = new BatchAssembler(run.id().value(), config.partitions(), config.batchSize());
        Pacing pacing = Pacing.of(campaign, config.batchSize(), Instant.now());
        int skip = run.batchesPublished();
        if (skip > 0) {
            LOG.infof("Run %s: taking over planning, %d batches already published", run.id().value(), skip);
        }
        return audiences.stream(campaign.audience())
                .group().intoLists().of(config.planningChunk())
                .onItem().transformToUniAndConcatenate(entries -> {
                    List<BatchAssembler.Full> full = new ArrayList<>();
                    List<Ledger.Planned> rows = new ArrayList<>(entries.size());
                    for (AudienceEntry e : entries) {
                        String batchId = assembler.add(DeliveryTarget.of(e), full);
                        rows.add(new Ledger.Planned(e.groupId().value(), batchId, e.kind().name()));
                    }
                    return ledger.insertPlanned(run.id(), rows)
                            .chain(() -> publish(run, campaign, message, full, skip, pacing))
                            .chain(() -> runs.heartbeat(run.id(), plannerId, Math.max(skip, assembler.batches())))
                            .invoke(alive -> {
                                if (!alive) {
                                    throw new IllegalStateException("another replica took over planning");
                                }
                            });
                })
                .collect().last()
                .chain(() -> publish(run, campaign, message, assembler.closeAll(), skip, pacing))
                .chain(() -> runs.planned(run.id(), plannerId, assembler.total(), assembler.batches()))
                .call(done -> campaigns.recordAudienceSize(campaign.id(), assembler.total()))
                .invoke(done -> {
                    long nanos = System.nanoTime() - started;
                    planningTime.record(Duration.ofNanos(nanos));
                    LOG.infof("Run %s of campaign %s planned: %d targets in %d batches in %d ms", run.id().value(), campaign.id().value(),
                            assembler.total(), assembler.batches(), nanos / 1_000_000);
                });
    }

    private Uni<Void> publish(Run run, Campaign campaign, PushMessage message, List<BatchAssembler.Full> full, int skip, Pacing pacing) {
        List<Uni<Void>> sends = new ArrayList<>();
        for (BatchAssembler.Full f : full) {
            if (f.sequence() < skip) {
                continue;
            }
            PushBatch batch = new PushBatch(f.batchId(), run.id(), campaign.id(), Partitioning.key(f.partition()), message, f.targets(),
                    Instant.now());
            Duration wait = pacing.waitFor(f.sequence(), Instant.now());
            Uni<Void> send = publisher.batch(batch);
            sends.add(wait.isZero() ? send : Uni.createFrom().voidItem().onItem().delayIt().by(wait).chain(() -> send));
        }
        return sends.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(sends).andFailFast().replaceWithVoid();
    }

    /** When batch k of a staggered run may be published. */
    record Pacing(Instant start, Duration perBatch) {

        static Pacing of(Campaign c, int batchSize, Instant start) {
            if (c.schedule() == null || c.schedule().stagger().isZero()) {
                return new Pacing(start, Duration.ZERO);
            }
            long expectedBatches = Math.max(1, (c.audienceSize() + batchSize - 1) / batchSize);
            return new Pacing(start, c.schedule().stagger().dividedBy(expectedBatches));
        }

        Duration waitFor(int sequence, Instant now) {
            if (perBatch.isZero()) {
                return Duration.ZERO;
            }
            Duration wait = Duration.between(now, start.plus(perBatch.multipliedBy(sequence)));
            return wait.isNegative() ? Duration.ZERO : wait;
        }
    }
}
