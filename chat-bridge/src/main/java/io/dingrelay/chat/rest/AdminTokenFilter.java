package io.dingrelay.chat.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * {@code /api/*} takes {@code Authorization: Bearer <dingrelay.admin-token>} (design.md) and answers 401 without
 * it. Without a configured token every admin request is refused: an open admin API is worse than none.
 */
@ApplicationScoped
public class AdminTokenFilter {

    private static final Logger LOG = Logger.getLogger(AdminTokenFilter.class);

    private final Optional<byte[]> token;

    public AdminTokenFilter(@ConfigProperty(name = "dingrelay.admin-token") Optional<String> token) {
        this.token = token.filter(t -> !t.isBlank()).map(t -> t.getBytes(StandardCharsets.UTF_8));
        if (this.token.isEmpty()) {
            LOG.warn("dingrelay.admin-token is not set: /api/faq and /api/check-ins refuse every request");
        }
    }

    @ServerRequestFilter
    public Optional<Response> check(ContainerRequestContext request) {
        if (!request.getUriInfo().getPath().startsWith("/api/")) {
            return Optional.empty();
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (token.isPresent() && header != null && header.startsWith("Bearer ")
                && MessageDigest.isEqual(token.get(), header.substring(7).strip().getBytes(StandardCharsets.UTF_8))) {
            return Optional.empty();
        }
        return Optional.of(Response.status(Response.Status.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .entity(new ApiError(header == null ? "Authorization: Bearer <admin token> is required"
                        : "the bearer token is not the admin token", "Authorization", null))
                .build());
    }
}
