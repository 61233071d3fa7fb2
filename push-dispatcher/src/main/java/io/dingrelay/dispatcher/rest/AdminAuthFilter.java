package io.dingrelay.dispatcher.rest;

import jakarta.ws.rs.container.ContainerRequestContext;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The admin APIs ({@code /api/*}) take {@code Authorization: Bearer <dingrelay.admin-token>} (design.md) and answer 401
 * without it. Without a configured token every request is refused: an open admin API is never the default.
 */
public class AdminAuthFilter {

    private final Optional<String> token;

    public AdminAuthFilter(@ConfigProperty(name = "dingrelay.admin-token") Optional<String> token) {
        this.token = token.filter(t -> !t.isBlank());
    }

    @ServerRequestFilter
    public Optional<jakarta.ws.rs.core.Response> authenticate(ContainerRequestContext request) {
        if (!request.getUriInfo().getPath().startsWith("/api/")) {
            return Optional.empty();
        }
        String header = request.getHeaderString("Authorization");
        String expected = token.map(t -> "Bearer " + t).orElse(null);
        if (expected != null && header != null
                && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), header.getBytes(StandardCharsets.UTF_8))) {
            return Optional.empty();
        }
        return Optional.of(ApiExceptionMapper.answer(401, null, token.isEmpty()
                ? "admin API disabled: dingrelay.admin-token is not set" : "missing or wrong bearer token"));
    }
}
