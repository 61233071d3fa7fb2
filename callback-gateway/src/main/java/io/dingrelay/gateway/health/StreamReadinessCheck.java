package io.dingrelay.gateway.health;

import io.dingrelay.gateway.stream.StreamConnections;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when every app in Stream mode has at least one open Stream connection: an app whose connection is refused
 * (wrong clientSecret) or lost receives nothing, which an operator must see. Each app's state (CONNECTING,
 * CONNECTED, RETRYING, REFUSED and the reason) is in the check's data. UP with no data when no app uses Stream mode.
 */
@Readiness
@ApplicationScoped
public class StreamReadinessCheck implements HealthCheck {

    private final StreamConnections streams;

    StreamReadinessCheck(StreamConnections streams) {
        this.streams = streams;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder r = HealthCheckResponse.named("dingtalk-stream").up();
        streams.states().forEach((app, state) -> {
            if (!state.connected()) {
                r.down();
            }
            var first = state.connections().isEmpty() ? java.util.Map.<String, Object>of() : state.connections().get(0);
            long open = state.connections().stream().filter(c -> "CONNECTED".equals(c.get("state"))).count();
            r.withData(app, open + "/" + state.connections().size() + " connected"
                    + (first.get("problem") != null && !state.connected() ? "; " + first.get("state") + ": " + first.get("problem") : ""));
        });
        return r.build();
    }
}
