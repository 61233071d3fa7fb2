package io.dingrelay.dispatcher.rest;

import io.dingrelay.dispatcher.mapping.CampaignView;
import io.dingrelay.dispatcher.plan.CapacityPlans;
import io.dingrelay.dispatcher.persistence.RunStore;
import io.dingrelay.dispatcher.progress.RunProgress;
import io.dingrelay.dispatcher.persistence.Ledger;
import io.dingrelay.dispatcher.service.CampaignService;
import io.dingrelay.dispatcher.service.RunService;
import io.dingrelay.events.ids.CampaignId;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Map;

/** {@code /api/campaigns}: create, read, change, pause/resume/archive, and start runs. */
@Path("/api/campaigns")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class CampaignResource {

    private final CampaignService campaigns;
    private final RunService runService;
    private final RunStore runs;
    private final CapacityPlans plans;

    public CampaignResource(CampaignService campaigns, RunService runService, RunStore runs, CapacityPlans plans) {
        this.plans = plans;
        this.campaigns = campaigns;
        this.runService = runService;
        this.runs = runs;
    }

    /** 201 with the campaign; 400 naming the field for anything DingTalk or our rules would refuse later. */
    @POST
    public Uni<Response> create(CampaignRequest request) {
        if (request == null) {
            throw ApiException.badRequest("body", "a campaign JSON object is required");
        }
        return campaigns.create(request).map(c -> Response.created(URI.create("/api/campaigns/" + c.id().value()))
                .entity(CampaignView.of(c)).build());
    }

    @GET
    public Uni<List<CampaignView>> list(@QueryParam("limit") @DefaultValue("100") int limit) {
        return campaigns.list(Math.max(1, Math.min(limit, 1000))).map(l -> l.stream().map(CampaignView::of).toList());
    }

    @GET
    @Path("/{id}")
    public Uni<CampaignView> get(@PathParam("id") String id) {
        return campaigns.get(CampaignId.of(id)).map(CampaignView::of);
    }

    /** Any field of the creation body; {@code "status":"PAUSED"|"ACTIVE"|"ARCHIVED"} pauses, resumes or archives. */
    @PATCH
    @Path("/{id}")
    public Uni<CampaignView> patch(@PathParam("id") String id, CampaignRequest request) {
        if (request == null) {
            throw ApiException.badRequest("body", "a JSON object is required");
        }
        return campaigns.patch(CampaignId.of(id), request).map(CampaignView::of);
    }

    @POST
    @Path("/{id}/pause")
    public Uni<CampaignView> pause(@PathParam("id") String id) {
        return campaigns.patch(CampaignId.of(id), statusOnly("PAUSED")).map(CampaignView::of);
    }

    @POST
    @Path("/{id}/resume")
    public Uni<CampaignView> resume(@PathParam("id") String id) {
        return campaigns.patch(CampaignId.of(id), statusOnly("ACTIVE")).map(CampaignView::of);
    }

    @POST
    @Path("/{id}/archive")
    public Uni<CampaignView> archive(@PathParam("id") String id) {
        return campaigns.patch(CampaignId.of(id), statusOnly("ARCHIVED")).map(CampaignView::of);
    }

    /**
     * Runs the campaign now: 202 {@code {"runId",…}}. With an {@code Idempotency-Key} header, asking again with the
     * same key (a double click, a client retry) answers the same run (200) and starts nothing.
     */
    @POST
    @Path("/{id}/runs")
    public Uni<Response> run(@PathParam("id") String id, @HeaderParam("Idempotency-Key") String idempotencyKey) {
        return runService.start(CampaignId.of(id), idempotencyKey)
                .chain(created -> plans.planOrError(CampaignId.of(id)).map(plan -> {
                    Map<String, Object> body = new java.util.LinkedHashMap<>(Map.of("runId", created.run().id().value(),
                            "status", created.run().status(), "created", created.created()));
                    body.putAll(plan); // "plan" (ops' plan/CapacityPlans), or "planError" when the audience could not be counted
                    return Response.status(created.created() ? 202 : 200)
                            .location(URI.create("/api/runs/" + created.run().id().value())).entity(body).build();
                }));
    }

    @GET
    @Path("/{id}/runs")
    public Uni<List<RunProgress>> runs(@PathParam("id") String id, @QueryParam("limit") @DefaultValue("20") int limit) {
        return runs.ofCampaign(CampaignId.of(id), Math.max(1, Math.min(limit, 200)))
                .map(l -> l.stream().map(r -> RunProgress.of(r, new Ledger.Counts(Map.of(), 0))).toList());
    }

    private static CampaignRequest statusOnly(String status) {
        return new CampaignRequest(null, null, null, null, null, null, null, status, null);
    }
}
