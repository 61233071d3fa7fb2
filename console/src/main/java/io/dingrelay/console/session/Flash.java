package io.dingrelay.console.session;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Named;

/**
 * A one-line notice carried across a redirect ("Group paused", "Queued 3 deliveries") in a short-lived cookie:
 * read when the next page is rendered, then cleared. {@code {inject:flash.message}} in templates.
 */
@Named("flash")
@RequestScoped
public class Flash {

    public static final String COOKIE = "dr_flash";

    private String incoming;
    private String outgoing;
    private boolean hadCookie;

    public String message() {
        return incoming;
    }

    /** Shows {@code message} on the page the browser is redirected to. */
    public void next(String message) {
        this.outgoing = message;
    }

    void incoming(String message) {
        this.incoming = message;
        this.hadCookie = true;
    }

    String outgoing() {
        return outgoing;
    }

    boolean hadCookie() {
        return hadCookie;
    }
}
