package io.dingrelay.registry.security;

import io.dingrelay.registry.rest.ApiError;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** Every {@code /api/*} request needs {@code Authorization: Bearer <dingrelay.admin-token>}; 401 otherwise. */
public class BearerTokenFilter {

    private final AdminToken token;

    public BearerTokenFilter(AdminToken token) {
        this.token = token;
    }

    @ServerRequestFilter(preMatching = true)
    public Response check(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("/api/") && !path.equals("/api")) {
            return null;
        }
        if (token.accepts(request.getHeaderString(HttpHeaders.AUTHORIZATION))) {
            return null;
        }
        return unauthorized();
    }

    public static Response unauthorized() {
        return Response.status(401).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"dingrelay\"")
                .type(MediaType.APPLICATION_JSON)
                .entity(new ApiError("unauthorized", "Authorization", "a valid bearer token (dingrelay.admin-token) is required"))
                .build();
    }
}
