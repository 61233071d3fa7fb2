package io.dingrelay.dispatcher.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.dingrelay.dispatcher.replay.ReplayRequest;
import io.dingrelay.dispatcher.replay.ReplayService;
import io.dingrelay.events.ids.RunId;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code POST /api/runs/{runId}/replay} with filters in the body ({@link ReplayRequest}): re-sends the run's matching
 * FAILED / DEAD_LETTERED deliveries through the normal path and answers 202 {@code {"runId","queued","batches",
 * "notInRegistry","notInRegistryGroups"}}. 400 names a bad field, 404 an unknown run, 409 a run still planning.
 */
@Path("/api/runs/{runId}/replay")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ReplayResource {

    private final ReplayService replays;

    public ReplayResource(ReplayService replays) {
        this.replays = replays;
    }

    @POST
    public Uni<Response> replay(@PathParam("runId") String runId, JsonNode body) {
        var filter = ReplayRequest.parse(body);
        return replays.replay(RunId.of(runId), filter).map(r -> Response.accepted(r).build());
    }
}
