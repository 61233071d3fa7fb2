package io.dingrelay.dispatcher.replay;

import io.dingrelay.dispatcher.client.AudienceClient;
import io.dingrelay.dispatcher.config.PushConfig;
import io.dingrelay.dispatcher.messaging.PushPublisher;
import io.dingrelay.dispatcher.persistence.CampaignStore;
import io.dingrelay.dispatcher.persistence.ReplayLedger;
import io.dingrelay.dispatcher.persistence.RunStore;
import io.dingrelay.dispatcher.planning.Partitioning;
import io.dingrelay.dispatcher.rest.ApiException;
import io.dingrelay.dispatcher.service.Audience;
import io.dingrelay.dispatcher.service.Campaign;
import io.dingrelay.dispatcher.service.DashboardImages;
import io.dingrelay.dispatcher.service.MessageTemplate;
import io.dingrelay.dispatcher.service.Run;
import io.dingrelay.events.ids.RunId;
import io.dingrelay.events.push.DeliveryTarget;
import io.dingrelay.events.push.PushBatch;
import io.dingrelay.events.push.PushMessage;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jboss.logging.Logger;

/**
 * Replays a run's failed and dead-lettered deliveries through the normal path:
 * <ol>
 *   <li>the matching ledger rows go back to PLANNED ({@link ReplayLedger#reset}, one conditional UPDATE: the guard
 *       against a second replay of the same set), a FINISHED run back to SENDING;</li>
 *   <li>their targets are read from the registry again ({@code GET /api/audience?groupIds=}, {@value #LOOKUP_CHUNK}
 *       ids per request to stay within a URL's length): a webhook rotated since is sent with its new credentials, and a
 *       group the registry no longer serves (disabled after the permanent failure, removed) is not sent to — its row
 *       goes back as it was and the answer counts it in {@code notInRegistry} (re-enable the group, replay again);</li>
 *   <li>the message is the run's, built as the planner built it (the campaign's template and vars, the run's fire time,
 *       its dashboard image when one is known for that fire time);</li>
 *   <li>the targets go to push.batches in batches of one partition each, like a plan's. The senders claim them as any
 *       batch: a delivery already DELIVERED is never claimed, whatever is published twice.</li>
 * </ol>
 * Should publishing fail, the rows still PLANNED are put back and the call fails (nothing half-queued stays hidden).
 */
@ApplicationScoped
public class ReplayService {

    private static final Logger LOG = Logger.getLogger(ReplayService.class);
    static final int LOOKUP_CHUNK = 50;

    private final RunStore runs;
    private final CampaignStore campaigns;
    private final ReplayLedger ledger;
    private final AudienceClient audiences;
    private final PushPublisher publisher;
    private final DashboardImages dashboards;
    private final PushConfig config;
    private final MeterRegistry meters;

    public ReplayService(RunStore runs, CampaignStore campaigns, ReplayLedger ledger, AudienceClient audiences, PushPublisher publisher,
            DashboardImages dashboards, PushConfig config, MeterRegistry meters) {
        this.runs = runs;
        this.campaigns = campaigns;
        this.ledger = ledger;
        this.audiences = audiences;
        this.publisher = publisher;
        this.dashboards = dashboards;
        this.config = config;
        this.meters = meters;
    }

    /**
     * @param queued        deliveries handed back to the senders
     * @param batches       push.batches records published for them
     * @param notInRegistry matching deliveries whose group the registry no longer serves (left as they were)
     * @param notInRegistryGroups up to 100 of those group ids
     */
    public record Result(String runId, int queued, int batches, int notInRegistry, List<String> notInRegistryGroups) {
    }

    public Uni<Result> replay(RunId runId, ReplayLedger.Filter filter) {
        return runs.find(runId)
                .map(r -> r.orElseThrow(() -> ApiException.notFound("run " + runId.value())))
                .invoke(run -> {
                    if (!List.of("SENDING", "FINISHED", "PAUSED").contains(run.status())) {
                        throw ApiException.conflict("status", "the run is " + run.status() + "; only a SENDING, PAUSED or FINISHED run is replayed");
                    }
                })
                .chain(run -> campaigns.find(run.campaignId())
                        .map(c -> c.orElseThrow(() -> ApiException.notFound("campaign " + run.campaignId().value())))
                        .chain(campaign -> replay(run, campaign, filter)));
    }

    private Uni<Result> replay(Run run, Campaign campaign, ReplayLedger.Filter filter) {
        return ledger.reset(run.id(), filter).chain(reset -> {
            if (reset.isEmpty()) {
                return Uni.createFrom().item(new Result(run.id().value(), 0, 0, 0, List.of()));
            }
            return targets(reset).chain(found -> {
                List<ReplayLedger.Reset> missing = reset.stream().filter(r -> !found.containsKey(r.groupId())).toList();
                return ledger.restore(run.id(), missing)
                        .chain(() -> found.isEmpty() ? Uni.createFrom().item(0) : dashboards.messageOf(run, campaign)
                                .chain(message -> publish(run, campaign, message, found)))
                        .onFailure().call(e -> ledger.restore(run.id(), reset).onFailure().recoverWithNull())
                        .map(batches -> {
                            meters.counter("dingrelay.push.replayed").increment(found.size());
                            LOG.infof("Run %s: replay queued %d deliveries in %d batches (%d not in the registry)", run.id().value(),
                                    found.size(), batches, missing.size());
                            return new Result(run.id().value(), found.size(), batches, missing.size(),
                                    missing.stream().limit(100).map(ReplayLedger.Reset::groupId).toList());
                        });
            });
        });
    }

    /** The registry's current entries for the reset rows, by group id. */
    private Uni<Map<String, DeliveryTarget>> targets(List<ReplayLedger.Reset> reset) {
        List<List<String>> chunks = new ArrayList<>();
        for (int i = 0; i < reset.size(); i += LOOKUP_CHUNK) {
            chunks.add(reset.subList(i, Math.min(reset.size(), i + LOOKUP_CHUNK)).stream().map(ReplayLedger.Reset::groupId).toList());
        }
        Map<String, DeliveryTarget> found = new HashMap<>();
        return Multi.createFrom().iterable(chunks)
                .onItem().transformToMulti(ids -> audiences.stream(new Audience(List.of(), ids, null))).merge(4)
                .invoke(e -> {
                    synchronized (found) {
                        found.put(e.groupId().value(), DeliveryTarget.of(e));
                    }
                })
                .collect().last()
                .map(x -> found);
    }

    /** One batch per partition and {@code batch-size} targets, ids {@code <run>-replay<ms>-p<partition>-<n>}; answers how many. */
    private Uni<Integer> publish(Run run, Campaign campaign, PushMessage message, Map<String, DeliveryTarget> targets) {
        Map<Integer, List<DeliveryTarget>> byPartition = new TreeMap<>();
        for (DeliveryTarget t : targets.values()) {
            byPartition.computeIfAbsent(Partitioning.partitionOf(t.groupId().value(), config.partitions()), p -> new ArrayList<>()).add(t);
        }
        String prefix = run.id().value() + "-replay" + System.currentTimeMillis();
        List<Uni<Void>> sends = new ArrayList<>();
        byPartition.forEach((p, list) -> {
            for (int i = 0, n = 0; i < list.size(); i += config.batchSize(), n++) {
                List<DeliveryTarget> slice = list.subList(i, Math.min(list.size(), i + config.batchSize()));
                sends.add(publisher.batch(new PushBatch(prefix + "-p" + p + "-" + n, run.id(), campaign.id(), Partitioning.key(p), message,
                        slice, Instant.now())));
            }
        });
        return Uni.join().all(sends).andFailFast().replaceWith(sends.size());
    }
}
