package io.dingrelay.console.web;

import io.dingrelay.console.session.CurrentSession;
import io.dingrelay.console.session.Flash;
import io.dingrelay.console.session.FormTokens;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.function.Function;

/** What every page does: render HTML, redirect with a notice, and guard a submitted form by its token. */
@RequestScoped
public class Web {

    private final Flash flash;
    private final FormTokens tokens;
    private final CurrentSession session;

    public Web(Flash flash, FormTokens tokens, CurrentSession session) {
        this.flash = flash;
        this.tokens = tokens;
        this.session = session;
    }

    public Uni<Response> html(TemplateInstance page) {
        return html(200, page);
    }

    public Uni<Response> html(int status, TemplateInstance page) {
        return page.createUni().map(text -> Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(text).build());
    }

    public Response redirect(String location) {
        return Response.seeOther(URI.create(location)).build();
    }

    public Response redirect(String location, String notice) {
        flash.next(notice);
        return redirect(location);
    }

    /**
     * Runs {@code action} once per rendered form: a missing or forged token is refused (CSRF), a token seen before
     * (a double click, a reload of the POST) goes where its first submission went, without doing anything again.
     * A redirect the action answers is remembered for that.
     */
    public Uni<Response> once(String token, String backTo, Function<FormTokens.Fresh, Uni<Response>> action) {
        FormTokens.Check check = tokens.claim(session.get(), token);
        if (check instanceof FormTokens.Refused r) {
            return Uni.createFrom().item(redirect(backTo, "Not done: " + r.reason() + ". Please try again."));
        }
        if (check instanceof FormTokens.Reused u) {
            return Uni.createFrom().item(redirect(u.location() != null ? u.location() : backTo,
                    "This form was already submitted; it was not sent again."));
        }
        FormTokens.Fresh fresh = (FormTokens.Fresh) check;
        return action.apply(fresh).invoke(r -> {
            if (r.getStatus() == 303 && r.getLocation() != null) {
                tokens.done(fresh, r.getLocation().toString());
            } else {
                tokens.done(fresh, backTo);
            }
        });
    }
}
