package io.dingrelay.dispatcher.service;

import io.dingrelay.dispatcher.persistence.RunStore;
import io.dingrelay.dispatcher.planning.Planner;
import io.dingrelay.dispatcher.rest.ApiException;
import io.dingrelay.events.ids.CampaignId;
import io.dingrelay.events.ids.RunId;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** Starting runs on demand: once per idempotency key, only for ACTIVE campaigns; planning starts at once. */
@ApplicationScoped
public class RunService {

    private final CampaignService campaigns;
    private final RunStore runs;
    private final Planner planner;

    public RunService(CampaignService campaigns, RunStore runs, Planner planner) {
        this.campaigns = campaigns;
        this.runs = runs;
        this.planner = planner;
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
