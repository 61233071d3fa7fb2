package io.dingrelay.dispatcher.service;

import io.dingrelay.dispatcher.persistence.RunStore;
import io.dingrelay.dispatcher.planning.Planner;
import io.dingrelay.dispatcher.rest.ApiException;
import io.dingrelay.dispatcher.sending.RunPauses;
import io.dingrelay.events.ids.CampaignId;
import io.dingrelay.events.ids.RunId;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Starting runs on demand: once per idempotency key, only for ACTIVE campaigns; planning starts at once. Pausing and
 * resuming them: a run pauses with a reason when an organisation's monthly quota is used up (the senders call
 * {@link #pause}) or when an operator pauses it; only an operator resumes it ({@code POST /api/runs/{runId}/resume}).
 */
@ApplicationScoped
public class RunService {

    private static final Logger LOG = Logger.getLogger(RunService.class);

    private final CampaignService campaigns;
    private final RunStore runs;
    private final Planner planner;
    private final RunPauses pauses;

    public RunService(CampaignService campaigns, RunStore runs, Planner planner, RunPauses pauses) {
        this.campaigns = campaigns;
        this.runs = runs;
        this.planner = planner;
        this.pauses = pauses;
    }

    /**
     * Pauses the run with {@code reason}: its deliveries wait (THROTTLED, no attempt used) until it is resumed. Answers
     * whether this call paused it (false: not found, ended, or already paused — the first reason stays).
     */
    public Uni<Boolean> pause(RunId run, String reason) {
        return runs.pause(run, reason).invoke(paused -> {
            if (paused) {
                pauses.changedHere(run, true);
                LOG.warnf("Run %s PAUSED: %s (resume: POST /api/runs/%s/resume)", run.value(), reason, run.value());
            }
        });
    }

    /** Resumes a paused run; its waiting deliveries are sent on their next look (dingrelay.push.retry.paused-recheck). */
    public Uni<Run> resume(RunId run) {
        return runs.find(run).chain(found -> {
            Run r = found.orElseThrow(() -> ApiException.notFound("run " + run.value()));
            if (r.pauseReason() == null) {
                throw ApiException.conflict("status", "run " + run.value() + " is " + r.status() + ", not paused");
            }
            return runs.resume(run).invoke(resumed -> {
                pauses.changedHere(run, false);
                LOG.infof("Run %s resumed (was paused: %s)", run.value(), r.pauseReason());
            }).chain(() -> runs.find(run)).map(Optional::orElseThrow);
        });
    }

    /** The run, and whether this call created it (false: the idempotency key's earlier run, nothing new started). */
    public Uni<RunStore.Created> start(CampaignId campaignId, String idempotencyKey) {
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 200)) {
            throw ApiException.badRequest("Idempotency-Key", "must be 1 to 200 characters");
        }
        return campaigns.get(campaignId).chain(c -> {
            if (c.status() != CampaignStatus.ACTIVE) {
                throw ApiException.conflict("status", "the campaign is " + c.status() + "; only an ACTIVE campaign runs");
            }
            return runs.createManual(RunId.of(UUID.randomUUID().toString()), campaignId, idempotencyKey);
        }).invoke(created -> {
            if (created.created()) {
                planner.startInBackground(created.run().id());
            }
        });
    }
}
