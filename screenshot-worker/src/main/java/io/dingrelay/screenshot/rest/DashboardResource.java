package io.dingrelay.screenshot.rest;

import io.dingrelay.screenshot.model.Dashboard;
import io.dingrelay.screenshot.model.DashboardRequest;
import io.dingrelay.screenshot.service.DashboardService;
import io.dingrelay.screenshot.service.RenderService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.util.List;

/** Dashboard definitions and "render now". */
@Path("/api/dashboards")
@Produces(MediaType.APPLICATION_JSON)
public class DashboardResource {

    private final DashboardService dashboards;
    private final RenderService renders;

    public DashboardResource(DashboardService dashboards, RenderService renders) {
        this.dashboards = dashboards;
        this.renders = renders;
    }

    @POST
    public Uni<Response> create(DashboardRequest request) {
        return dashboards.create(request).map(d -> Response.created(URI.create("/api/dashboards/" + d.id())).entity(d).build());
    }

    @PUT
    @Path("{id}")
    public Uni<Dashboard> replace(@PathParam("id") String id, DashboardRequest request) {
        return dashboards.replace(id, request);
    }

    @GET
    public Uni<List<Dashboard>> list() {
        return dashboards.list();
    }

    @GET
    @Path("{id}")
    public Uni<Dashboard> get(@PathParam("id") String id) {
        return dashboards.find(id);
    }

    @DELETE
    @Path("{id}")
    public Uni<Response> delete(@PathParam("id") String id) {
        return dashboards.delete(id).map(x -> Response.noContent().build());
    }

    /**
     * Optional body of a snapshot request.
     *
     * @param width  0/absent = the dashboard's
     * @param height 0/absent = the dashboard's
     * @param fireAt the scheduled run it is for (external dashboards: one render per fire time)
     * @param force  render again even if this data version has an image
     */
    public record SnapshotRequest(Integer width, Integer height, Instant fireAt, Boolean force) {
    }

    /** Renders now (or answers the image this data version already has): 200 with the image URL. */
    @POST
    @Path("{id}/snapshots")
    public Uni<RenderService.Snapshot> snapshot(@PathParam("id") String id, SnapshotRequest request) {
        SnapshotRequest r = request != null ? request : new SnapshotRequest(null, null, null, null);
        return renders.snapshot(id, r.width() == null ? 0 : r.width(), r.height() == null ? 0 : r.height(), r.fireAt(),
                Boolean.TRUE.equals(r.force()));
    }
}
