package io.dingrelay.testkit;

import java.util.LinkedHashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Quarkus test resource running the packaged DingTalk simulator ({@link SimulatorProcess}) and pointing the
 * application at it: {@code dingtalk.api-base-url} and {@code dingtalk.oapi-base-url} (what DingTalk clients read,
 * design.md "Configuration contract") and {@code dingrelay.test.simulator-url} (for the test itself, e.g. to create
 * groups through {@code /sim/groups}).
 *
 * <pre>{@code
 * @QuarkusTestResource(value = SimulatorResource.class, restrictToAnnotatedClass = false, initArgs = {
 *         @ResourceArg(name = "dingtalk.apps.demo.app-key", value = "dingdemo"),
 *         @ResourceArg(name = "dingtalk.apps.demo.app-secret", value = "test-secret") })
 * }</pre>
 *
 * <p>Every init argument is handed to the simulator as a {@code -D} system property (apps, limits,
 * {@code simulator.gateway-url}...). One simulator per distinct set of init arguments per JVM: started at the first
 * use, stopped by a JVM shutdown hook; {@link #stop()} leaves it running so every test class and every restart of
 * the application reuse it (recorded in a system property, which application class loaders share).
 */
public class SimulatorResource implements QuarkusTestResourceLifecycleManager {

    /** The simulator's base URL, for the test. */
    public static final String URL_PROPERTY = "dingrelay.test.simulator-url";
    static final String SHARED_PROPERTY_PREFIX = "dingrelay.testkit.simulator.shared-url.";
    /** A string literal is interned JVM-wide: one lock for every class loader's copy of this class. */
    private static final Object LOCK = "io.dingrelay.testkit.SimulatorResource.LOCK";

    private Map<String, String> properties = Map.of();

    @Override
    public void init(Map<String, String> initArgs) {
        properties = new LinkedHashMap<>(initArgs);
    }

    @Override
    public Map<String, String> start() {
        String url = url(properties);
        Map<String, String> config = new LinkedHashMap<>();
        config.put("dingtalk.api-base-url", url);
        config.put("dingtalk.oapi-base-url", url);
        config.put(URL_PROPERTY, url);
        return config;
    }

    /** Leaves the simulator running for the next application start; a shutdown hook stops it. */
    @Override
    public void stop() {
    }

    /** The base URL of the JVM's simulator started with {@code properties}, starting it if none is yet. */
    public static String url(Map<String, String> properties) {
        String key = SHARED_PROPERTY_PREFIX + Integer.toHexString(new java.util.TreeMap<>(properties).hashCode());
        synchronized (LOCK) {
            String shared = System.getProperty(key);
            if (shared != null) {
                return shared;
            }
            SimulatorProcess simulator = SimulatorProcess.builder().properties(properties).start();
            Runtime.getRuntime().addShutdownHook(new Thread(simulator::close, "dingrelay-testkit-simulator-stop"));
            System.setProperty(key, simulator.url());
            return simulator.url();
        }
    }
}
