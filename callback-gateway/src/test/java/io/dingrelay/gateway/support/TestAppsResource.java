package io.dingrelay.gateway.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Hands the gateway the {@link TestApps} configuration. */
public class TestAppsResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return TestApps.config();
    }

    @Override
    public void stop() {
    }
}
