package io.dingrelay.gateway.support;

import io.dingrelay.infra.KafkaBroker;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A broker of the test's own, on fixed ports and a fixed data folder, so a test can stop it and start it again
 * where clients (the gateway's producer) expect it, with the records written before the stop.
 *
 * <p>The test and this resource may live in different class loaders, so the handle is published as JDK types in a
 * system property: {@link #stop()} and {@link #restart()} work from anywhere.
 */
public class DedicatedBroker implements QuarkusTestResourceLifecycleManager {

    private static final String HANDLE = "gateway.test.dedicated-broker";

    private KafkaBroker broker;
    private Path dataDirectory;
    private int brokerPort;
    private int controllerPort;

    @Override
    public synchronized Map<String, String> start() {
        try {
            dataDirectory = Files.createTempDirectory("gateway-outage-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        brokerPort = freePort();
        controllerPort = freePort();
        launch();
        broker.createTopics(GatewayTopics.TOPICS);
        Runnable stop = this::halt;
        Runnable restart = this::launch;
        System.getProperties().put(HANDLE, Map.of("stop", stop, "restart", restart, "bootstrap", broker.bootstrapServers()));
        return Map.of("kafka.bootstrap.servers", broker.bootstrapServers());
    }

    private synchronized void launch() {
        if (broker == null) {
            broker = KafkaBroker.start(KafkaBroker.Options.defaults()
                    .dataDirectory(dataDirectory)
                    .brokerPort(brokerPort)
                    .controllerPort(controllerPort));
        }
    }

    private synchronized void halt() {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }

    @Override
    public synchronized void stop() {
        halt();
        System.getProperties().remove(HANDLE);
        try (var files = Files.walk(dataDirectory)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A temporary folder; leave it if it cannot be removed.
        }
    }

    /** Stops the broker (a clean shutdown: its data stays). */
    public static void stopBroker() {
        ((Runnable) handle().get("stop")).run();
    }

    /** Starts it again on the same ports and data. */
    public static void restartBroker() {
        ((Runnable) handle().get("restart")).run();
    }

    public static String bootstrapServers() {
        return (String) handle().get("bootstrap");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> handle() {
        Object h = System.getProperties().get(HANDLE);
        if (h == null) {
            throw new IllegalStateException("the DedicatedBroker test resource is not running");
        }
        return (Map<String, Object>) h;
    }

    private static int freePort() {
        return io.dingrelay.infra.Ports.free();
    }
}
