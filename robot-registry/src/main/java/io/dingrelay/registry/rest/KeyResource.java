package io.dingrelay.registry.rest;

import io.dingrelay.registry.service.KeyRotation;
import io.dingrelay.registry.service.RotationProgress;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Key rotation: re-encrypt every credential under {@code dingrelay.crypto.active-key}, in the background. */
@Path("/api/keys/rotate")
@Tag(name = "keys")
@Produces(MediaType.APPLICATION_JSON)
public class KeyResource {

    private final KeyRotation rotation;

    public KeyResource(KeyRotation rotation) {
        this.rotation = rotation;
    }

    @POST
    @Operation(summary = "Start re-encrypting every row under the active key (202 with progress; the running one if any)")
    public Uni<Response> start() {
        return rotation.start().map(p -> Response.accepted(p).build());
    }

    @GET
    @Operation(summary = "Progress of the running or last rotation (404 when none ran since start-up)")
    public Response progress() {
        RotationProgress p = rotation.progress();
        return p == null ? ErrorMappers.answer(404, new ApiError("not_found", null, "no key rotation since start-up"))
                : Response.ok(p).build();
    }
}
