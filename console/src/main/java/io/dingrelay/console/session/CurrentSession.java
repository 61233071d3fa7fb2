package io.dingrelay.console.session;

import jakarta.enterprise.context.RequestScoped;

/** The session of the request being served, set by {@link SessionFilter}. */
@RequestScoped
public class CurrentSession {

    private ConsoleSession session;

    public ConsoleSession get() {
        if (session == null) {
            throw new IllegalStateException("no session on this request");
        }
        return session;
    }

    public boolean present() {
        return session != null;
    }

    void set(ConsoleSession session) {
        this.session = session;
    }
}
