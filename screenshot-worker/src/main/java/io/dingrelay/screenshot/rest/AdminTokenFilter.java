package io.dingrelay.screenshot.rest;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * {@code /api/*} needs {@code Authorization: Bearer <dingrelay.admin-token>}; anything else is 401 (design.md).
 * Pages ({@code /dashboards/*}) and images stay public: Chromium and DingTalk clients fetch them without a token,
 * and an external dashboard must never be sent ours.
 */
public class AdminTokenFilter {

    private static final Logger LOG = Logger.getLogger(AdminTokenFilter.class);

    private final byte[] expected;

    public AdminTokenFilter(@ConfigProperty(name = "dingrelay.admin-token") Optional<String> token) {
        this.expected = token.filter(t -> !t.isBlank()).map(t -> ("Bearer " + t).getBytes(StandardCharsets.UTF_8)).orElse(null);
        if (expected == null) {
            LOG.warn("dingrelay.admin-token is not set: every /api/* request is refused with 401");
        }
    }

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> requireToken(ContainerRequestContext request) {
        String path = request.getUriInfo().getRequestUri().getRawPath();
        if (!path.startsWith("/api/") && !path.equals("/api")) {
            return Optional.empty();
        }
        String given = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        // Constant-time comparison: the answer's timing must not reveal how much of a guess was right.
        if (expected != null && given != null && MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8))) {
            return Optional.empty();
        }
        return Optional.of(Response.status(Response.Status.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", "unauthorized", "message",
                        given == null ? "Authorization: Bearer <admin token> is required" : "wrong admin token"))
                .build());
    }
}
