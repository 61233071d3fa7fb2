package io.dingrelay.console.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * The console's configuration. The defaults are the local stack's ports (deploy/local {@code StackService}), so a
 * console started beside {@code deploy/local/run} needs only the admin token.
 */
@ConfigMapping(prefix = "dingrelay.console")
public interface ConsoleConfig {

    /** robot-registry's base URL (groups API). */
    @WithDefault("http://localhost:8082")
    String registryUrl();

    /** push-dispatcher's base URL (campaigns, runs, plan, replay). */
    @WithDefault("http://localhost:8084")
    String dispatcherUrl();

    /** chat-bridge's base URL (FAQ). */
    @WithDefault("http://localhost:8083")
    String chatBridgeUrl();

    /** screenshot-worker's base URL (datasets, dashboards, images). */
    @WithDefault("http://localhost:8085")
    String screenshotUrl();

    /**
     * The services' admin bearer token. It is both what an operator types to sign in and what the console sends
     * to the services; it never reaches the browser. Defaults to {@code dingrelay.admin-token} (the key every
     * service reads, see application.properties); give it through the environment
     * ({@code DINGRELAY_ADMIN_TOKEN}), never on a command line. Absent: nobody can sign in.
     */
    Optional<String> adminToken();

    /** Session cookies and form tokens. */
    Session session();

    /** Timeout of one call to a service; a slower service is shown as unavailable on its panel only. */
    @WithDefault("5s")
    Duration requestTimeout();

    /** Rows per page of groups, deliveries and FAQ pairs. */
    @WithDefault("50")
    int pageSize();

    /**
     * The sends/s line drawn on a run's chart when the dispatcher has no capacity plan for the campaign: DingTalk's
     * per-egress-IP limit, 10,000 calls per 20 s (dingtalk-protocol.md §4).
     */
    @WithDefault("500")
    double defaultLimitPerSecond();

    /** Deliveries the console reads at most to count what a replay will re-send. */
    @WithDefault("100000")
    int replayCountMax();

    interface Session {
        /**
         * Base64 of a 256-bit AES key sealing (encrypting and authenticating) the session cookie and signing form
         * tokens; from the environment ({@code DINGRELAY_CONSOLE_SESSION_KEY}). Absent: a random key per start
         * (every session ends when the console restarts, and replicas do not share sessions).
         */
        Optional<String> key();

        /** How long a session lasts after sign-in. */
        @WithDefault("8h")
        Duration ttl();

        /** Mark the cookie {@code Secure} (serve the console over HTTPS in production). */
        @WithDefault("false")
        boolean secureCookie();

        /** How long an unused form token stays valid (a form left open longer says so and is shown again). */
        @WithDefault("2h")
        Duration formTtl();
    }
}
