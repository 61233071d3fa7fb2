package io.dingrelay.screenshot.rest;

import io.dingrelay.screenshot.service.ImageStore;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.nio.file.Files;

/**
 * {@code GET /images/{sha256}.png}: a name is the hash of its content, so it never changes and may be cached
 * forever by DingTalk clients and any proxy in between.
 */
@Path("/images")
public class ImageResource {

    static final String IMMUTABLE = "public, max-age=31536000, immutable";

    private final ImageStore images;

    public ImageResource(ImageStore images) {
        this.images = images;
    }

    @GET
    @Path("{sha256}.png")
    public Response image(@PathParam("sha256") String sha, @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        if (!ImageStore.SHA256.matcher(sha).matches()) {
            return Response.status(404).build();
        }
        java.nio.file.Path file = images.path(sha);
        if (!Files.isRegularFile(file)) {
            return Response.status(404).build();
        }
        String etag = "\"" + sha + "\"";
        if (etag.equals(ifNoneMatch)) {
            return Response.notModified().header(HttpHeaders.CACHE_CONTROL, IMMUTABLE).header(HttpHeaders.ETAG, etag).build();
        }
        return Response.ok(file.toFile(), "image/png")
                .header(HttpHeaders.CACHE_CONTROL, IMMUTABLE)
                .header(HttpHeaders.ETAG, etag)
                .build();
    }
}
