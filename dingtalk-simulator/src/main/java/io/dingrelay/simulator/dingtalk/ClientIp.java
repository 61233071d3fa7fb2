package io.dingrelay.simulator.dingtalk;

import io.dingrelay.simulator.config.SimulatorConfig;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/** The caller's IP as DingTalk would see it; optionally from a configured header so one host can play many IPs. */
@ApplicationScoped
public class ClientIp {

    private final String header;

    public ClientIp(SimulatorConfig config) {
        this.header = config.clientIpHeader().orElse(null);
    }

    public String of(RoutingContext ctx) {
        if (header != null) {
            String v = ctx.request().getHeader(header);
            if (v != null && !v.isBlank()) {
                int comma = v.indexOf(',');
                return (comma >= 0 ? v.substring(0, comma) : v).trim();
            }
        }
        SocketAddress a = ctx.request().remoteAddress();
        return a == null ? "unknown" : a.hostAddress();
    }
}
