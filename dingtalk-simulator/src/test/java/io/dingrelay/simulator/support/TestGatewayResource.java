package io.dingrelay.simulator.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/** Starts {@link TestGateway} before the simulator and points {@code simulator.gateway-url} at it. */
public class TestGatewayResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        try {
            int port = TestGateway.start();
            return Map.of("simulator.gateway-url", "http://127.0.0.1:" + port);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        // The server lives as long as the test JVM; it holds no resources worth closing early.
    }
}
