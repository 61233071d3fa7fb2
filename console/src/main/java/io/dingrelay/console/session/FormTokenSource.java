package io.dingrelay.console.session;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Named;

/** {@code {inject:forms.token}} in a template: a fresh token for each form rendered (see {@link FormTokens}). */
@Named("forms")
@RequestScoped
public class FormTokenSource {

    private final CurrentSession session;
    private final FormTokens tokens;

    public FormTokenSource(CurrentSession session, FormTokens tokens) {
        this.session = session;
        this.tokens = tokens;
    }

    public String token() {
        return session.present() ? tokens.issue(session.get()) : "";
    }
}
