package io.dingrelay.console.web;

import io.dingrelay.console.config.ConsoleConfig;
import io.dingrelay.console.session.ConsoleSession;
import io.dingrelay.console.session.SessionCodec;
import io.dingrelay.console.session.SessionFilter;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestCookie;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * Sign-in with the admin token. Before a session exists the form is protected by a double-submit cookie
 * ({@code dr_signin}, SameSite=Strict, echoed in a hidden field), so another site cannot sign a browser in.
 */
@Path("/")
public class SignInPage {

    private static final Logger LOG = Logger.getLogger(SignInPage.class);
    private static final String PRE = "dr_signin";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Template signin;
    private final SessionCodec codec;
    private final ConsoleConfig config;
    private final Web web;

    public SignInPage(@Location("signin.html") Template signin, SessionCodec codec, ConsoleConfig config, Web web) {
        this.signin = signin;
        this.codec = codec;
        this.config = config;
        this.web = web;
    }

    @GET
    public Response home() {
        return web.redirect("/groups");
    }

    @GET
    @Path("sign-in")
    public Uni<Response> form(@RestQuery String expired, @RestCookie(PRE) String preCookie) {
        String notice = expired != null ? "Your session expired. Please sign in again." : null;
        return page(200, notice, null, preCookie);
    }

    @POST
    @Path("sign-in")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> signIn(@RestCookie(PRE) String preCookie, FormBody submitted) {
        String token = submitted.get("token");
        String pre = submitted.get("_pre");
        if (pre == null || preCookie == null || !MessageDigest.isEqual(pre.getBytes(StandardCharsets.US_ASCII),
                preCookie.getBytes(StandardCharsets.US_ASCII))) {
            return page(400, null, "The sign-in form expired or came from another site; please sign in again.", null);
        }
        String expected = config.adminToken().map(String::trim).orElse("");
        if (expected.isEmpty()) {
            return page(503, null, "No admin token is configured for the console (dingrelay.console.admin-token); nobody can sign in.", preCookie);
        }
        String given = token == null ? "" : token.trim();
        if (!MessageDigest.isEqual(sha256(given), sha256(expected))) {
            LOG.info("Sign-in refused: wrong admin token");
            return page(401, null, "That is not the admin token.", preCookie);
        }
        ConsoleSession s = codec.newSession(Instant.now(), config.session().ttl());
        return Uni.createFrom().item(Response.seeOther(URI.create("/groups"))
                .header("Set-Cookie", SessionFilter.COOKIE + "=" + codec.seal(s) + "; Path=/; Max-Age="
                        + config.session().ttl().toSeconds() + "; HttpOnly; SameSite=Strict"
                        + (config.session().secureCookie() ? "; Secure" : ""))
                .header("Set-Cookie", PRE + "=; Path=/sign-in; Max-Age=0; HttpOnly; SameSite=Strict")
                .build());
    }

    @POST
    @Path("sign-out")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> signOut(FormBody submitted) {
        String csrf = submitted.get("_csrf");
        return web.once(csrf, "/groups", fresh -> Uni.createFrom().item(Response.seeOther(URI.create("/sign-in"))
                .header("Set-Cookie", SessionFilter.COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict").build()));
    }

    /**
     * The form, echoing the browser's {@code dr_signin} value when it has one: a second tab, or a request the
     * browser makes on its own (a favicon sent here), must not replace the value an open form carries.
     */
    private Uni<Response> page(int status, String notice, String error, String existingPre) {
        String pre = existingPre;
        if (pre == null || !pre.matches("[A-Za-z0-9_-]{24}")) {
            byte[] b = new byte[18];
            RANDOM.nextBytes(b);
            pre = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        }
        String value = pre;
        return signin.data("notice", notice).data("error", error).data("pre", value).createUni()
                .map(html -> Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).entity(html)
                        .header("Set-Cookie", PRE + "=" + value + "; Path=/sign-in; Max-Age=1800; HttpOnly; SameSite=Strict"
                                + (config.session().secureCookie() ? "; Secure" : ""))
                        .build());
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
