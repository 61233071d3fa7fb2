package io.dingrelay.screenshot.rest;

import io.dingrelay.screenshot.service.ImageRetention;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Runs the image retention policy now ({@code asOf}: pretend it is that time, e.g. to preview a later clean-up). */
@Path("/api/images")
@Produces(MediaType.APPLICATION_JSON)
public class ImageAdminResource {

    private final ImageRetention retention;

    public ImageAdminResource(ImageRetention retention) {
        this.retention = retention;
    }

    @POST
    @Path("cleanup")
    public Uni<ImageRetention.Result> cleanup(@QueryParam("asOf") String asOf) {
        Instant at;
        try {
            at = asOf == null || asOf.isBlank() ? Instant.now() : Instant.parse(asOf);
        } catch (DateTimeParseException e) {
            throw new io.dingrelay.screenshot.service.InvalidRequestException("asOf", "asOf '" + asOf + "' is not an ISO-8601 instant");
        }
        return retention.run(at);
    }
}
