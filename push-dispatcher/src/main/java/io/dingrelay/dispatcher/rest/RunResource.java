package io.dingrelay.dispatcher.rest;

import io.dingrelay.dispatcher.persistence.Ledger;
import io.dingrelay.dispatcher.persistence.LedgerStatus;
import io.dingrelay.dispatcher.persistence.RunStore;
import io.dingrelay.dispatcher.progress.ProgressCounts;
import io.dingrelay.dispatcher.progress.RunProgress;
import io.dingrelay.events.ids.RunId;
import io.smallrye.mutiny.Uni;
import io.dingrelay.dispatcher.service.RunService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** {@code /api/runs}: a run's progress and its deliveries, from the ledger. */
@Path("/api/runs")
@Produces(MediaType.APPLICATION_JSON)
public class RunResource {

    private final RunStore runs;
    private final Ledger ledger;
    private final ProgressCounts counts;
    private final RunService service;

    public RunResource(RunStore runs, Ledger ledger, ProgressCounts counts, RunService service) {
        this.runs = runs;
        this.ledger = ledger;
        this.counts = counts;
        this.service = service;
    }

    /** An operator's pause: {@code {"reason":"…"}} (optional). 409 when the run has ended or is paused already. */
    @POST
    @Path("/{runId}/pause")
    @Consumes(MediaType.WILDCARD)
    public Uni<RunProgress> pause(@PathParam("runId") String runId, java.util.Map<String, Object> body) {
        RunId id = RunId.of(runId);
        Object reason = body == null ? null : body.get("reason");
        String text = reason == null || reason.toString().isBlank() ? "paused by an operator" : "paused by an operator: " + reason;
        return runs.find(id)
                .map(r -> r.orElseThrow(() -> ApiException.notFound("run " + runId)))
                .chain(run -> service.pause(id, text))
                .invoke(paused -> {
                    if (!paused) {
                        throw ApiException.conflict("status", "run " + runId + " has ended or is paused already");
                    }
                })
                .chain(() -> progress(runId));
    }

    /**
     * Resumes a paused run (a quota stop once the quota allows again, or an operator's pause): its deliveries waiting on
     * the retry topics are sent on their next look. 409 when it is not paused.
     */
    @POST
    @Path("/{runId}/resume")
    @Consumes(MediaType.WILDCARD)
    public Uni<RunProgress> resume(@PathParam("runId") String runId) {
        return service.resume(RunId.of(runId)).chain(() -> progress(runId));
    }

    @GET
    @Path("/{runId}")
    public Uni<RunProgress> progress(@PathParam("runId") String runId) {
        RunId id = RunId.of(runId);
        return runs.find(id)
                .map(r -> r.orElseThrow(() -> ApiException.notFound("run " + runId)))
                .chain(run -> counts.of(run).map(c -> RunProgress.of(run, c)));
    }

    /** A page of deliveries in group id order: {@code ?status=FAILED&after=<groupId>&limit=100}; {@code next} continues. */
    @GET
    @Path("/{runId}/deliveries")
    public Uni<Page> deliveries(@PathParam("runId") String runId, @QueryParam("status") String status,
            @QueryParam("after") String after, @QueryParam("limit") @DefaultValue("100") int limit) {
        LedgerStatus s = null;
        if (status != null && !status.isBlank()) {
            try {
                s = LedgerStatus.valueOf(status.strip());
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("status", "must be one of " + java.util.Arrays.toString(LedgerStatus.values()));
            }
        }
        if (limit < 1 || limit > 1000) {
            throw ApiException.badRequest("limit", "must be between 1 and 1000");
        }
        RunId id = RunId.of(runId);
        LedgerStatus filter = s;
        return runs.find(id)
                .map(r -> r.orElseThrow(() -> ApiException.notFound("run " + runId)))
                .chain(run -> ledger.page(id, filter, after, limit))
                .map(rows -> new Page(rows, rows.size() == limit ? rows.get(rows.size() - 1).groupId() : null));
    }

    public record Page(List<Ledger.DeliveryRow> deliveries, String next) {
    }
}
