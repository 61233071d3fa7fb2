package io.dingrelay.dispatcher.rest;

import io.dingrelay.dispatcher.plan.CapacityPlans;
import io.dingrelay.dispatcher.plan.PlanView;
import io.dingrelay.dispatcher.service.CampaignService;
import io.dingrelay.events.ids.CampaignId;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;

/**
 * {@code GET /api/campaigns/{id}/plan}: the capacity plan of a run started now ({@link PlanView}: targets per kind,
 * the binding limit, the minimum duration, the expected finish, the monthly quota per organisation). Nothing is sent.
 */
@Path("/api/campaigns/{id}/plan")
@Produces(MediaType.APPLICATION_JSON)
public class PlanResource {

    private final CampaignService campaigns;
    private final CapacityPlans plans;

    public PlanResource(CampaignService campaigns, CapacityPlans plans) {
        this.campaigns = campaigns;
        this.plans = plans;
    }

    @GET
    public Uni<PlanView> plan(@PathParam("id") String id) {
        return campaigns.get(CampaignId.of(id)).chain(c -> plans.plan(c, Instant.now()));
    }
}
