package io.dingrelay.console.session;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Every page but the sign-in page needs a valid session cookie. Without one the browser is sent to the sign-in
 * page ({@code ?expired=1} when the cookie was a real session that ran out, so the page can say so); the
 * JSON endpoints the pages poll answer 401 with where to sign in instead.
 */
public class SessionFilter {

    public static final String COOKIE = "dr_session";

    private final SessionCodec codec;
    private final CurrentSession current;
    private final Flash flash;

    public SessionFilter(SessionCodec codec, CurrentSession current, Flash flash) {
        this.codec = codec;
        this.current = current;
        this.flash = flash;
    }

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> requireSession(ContainerRequestContext ctx) {
        String path = ctx.getUriInfo().getPath();
        Cookie notice = ctx.getCookies().get(Flash.COOKIE);
        if (notice != null && !path.endsWith(".json") && !path.endsWith(".png")) {
            flash.incoming(URLDecoder.decode(notice.getValue(), StandardCharsets.UTF_8));
        }
        if (path.equals("/sign-in") || path.startsWith("/sign-in/")) {
            return Optional.empty();
        }
        Cookie cookie = ctx.getCookies().get(COOKIE);
        SessionCodec.Opened opened = cookie == null ? new SessionCodec.Invalid() : codec.open(cookie.getValue(), Instant.now());
        if (opened instanceof SessionCodec.Valid v) {
            current.set(v.session());
            return Optional.empty();
        }
        String target = opened instanceof SessionCodec.Expired ? "/sign-in?expired=1" : "/sign-in";
        if (path.endsWith(".json")) {
            return Optional.of(Response.status(401).type(MediaType.APPLICATION_JSON)
                    .entity(Map.of("error", "session", "signIn", target)).build());
        }
        return Optional.of(Response.seeOther(URI.create(target)).build());
    }

    /** Pages are never cached (they show live state and carry one-time form tokens) and never framed. */
    @ServerResponseFilter
    public void headers(ContainerResponseContext response) {
        var h = response.getHeaders();
        if (flash.outgoing() != null) {
            h.add("Set-Cookie", Flash.COOKIE + "=" + URLEncoder.encode(flash.outgoing(), StandardCharsets.UTF_8)
                    + "; Path=/; Max-Age=60; HttpOnly; SameSite=Strict");
        } else if (flash.hadCookie()) {
            h.add("Set-Cookie", Flash.COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict");
        }
        h.putSingle("Cache-Control", "no-store");
        h.putSingle("X-Frame-Options", "DENY");
        h.putSingle("X-Content-Type-Options", "nosniff");
        h.putSingle("Referrer-Policy", "same-origin");
        h.putSingle("Content-Security-Policy", "default-src 'self'; img-src 'self' data: http: https:; style-src 'self' 'unsafe-inline'; "
                + "frame-ancestors 'none'; form-action 'self'");
    }
}
