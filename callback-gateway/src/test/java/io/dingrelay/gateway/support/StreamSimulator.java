package io.dingrelay.gateway.support;

import io.dingrelay.testkit.SimulatorResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The packaged simulator (testkit's {@link SimulatorResource}: one per JVM for these arguments) playing DingTalk's
 * Stream side for the app {@link TestApps#STREAM}, and the gateway configured with every {@link TestApps} app plus
 * that one in Stream mode, its OpenAPI base at the simulator. Init argument {@code secret=wrong} gives the gateway a
 * clientSecret the simulator does not know.
 */
public class StreamSimulator implements QuarkusTestResourceLifecycleManager {

    public static final String URL_PROPERTY = SimulatorResource.URL_PROPERTY;

    private boolean wrongSecret;

    @Override
    public void init(Map<String, String> initArgs) {
        wrongSecret = "wrong".equals(initArgs.get("secret"));
    }

    /** The simulator's own configuration: the Stream app's keys, as DingTalk holds them. */
    public static Map<String, String> simulatorProperties() {
        Map<String, String> p = new LinkedHashMap<>(TestApps.STREAM.properties());
        p.put("simulator.stream.redelivery-delay", "500ms");
        return p;
    }

    @Override
    public Map<String, String> start() {
        String url = SimulatorResource.url(simulatorProperties());
        Map<String, String> c = new LinkedHashMap<>(TestApps.config());
        c.putAll(TestApps.STREAM.properties());
        if (wrongSecret) {
            c.put("dingtalk.apps.stream.app-secret", "not-the-secret-dingtalk-knows-0123456789");
        }
        c.put("dingtalk.apps.stream.stream.enabled", "true");
        c.put("dingtalk.api-base-url", url);
        c.put(URL_PROPERTY, url);
        // A dropped socket is replaced within a second or two in the tests; the wrong-secret test keeps the 60 s cap.
        c.put("gateway.stream.backoff-initial", "100ms");
        if (!wrongSecret) {
            c.put("gateway.stream.backoff-max", "2s");
        }
        return c;
    }

    @Override
    public void stop() {
        // The simulator outlives the application (testkit stops it at JVM exit).
    }
}
