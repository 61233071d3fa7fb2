package io.dingrelay.simulator.rest;

import io.dingrelay.simulator.config.SimulatorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.UriInfo;

/** Base URL of handed-out webhooks: {@code simulator.public-url}, else the base of the current admin request. */
@ApplicationScoped
public class PublicUrl {

    private final SimulatorConfig config;

    public PublicUrl(SimulatorConfig config) {
        this.config = config;
    }

    public String base(UriInfo uri) {
        String b = config.publicUrl().orElseGet(() -> uri.getBaseUri().toString());
        return b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
    }
}
