package io.dingrelay.chat.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The packaged dingtalk-simulator as a child process (one per test JVM, stopped by a shutdown hook), playing DingTalk
 * for the app {@code demo}: chat-bridge's sessionWebhook replies, access tokens and OpenAPI group sends go to it.
 * Its callbacks go nowhere (no gateway in these tests): a test asks it for a signed @robot message, takes the
 * callback body and the session it opened from the answer, and publishes the message on Kafka itself.
 *
 * <p>A stop-gap until testkit's {@code SimulatorResource} (GUIDE contract 3) is on main; replace it then.
 */
public class SimulatorTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String APP_KEY = "dingchatbridgetest";
    public static final String APP_SECRET = "chat-bridge-test-app-secret-0123456789";
    /** The simulator's base URL, for the tests. */
    public static final String URL_PROPERTY = "chat.test.simulator-url";
    private static final String SHARED = "chat.test.simulator-url.shared";
    private static final Object LOCK = "io.dingrelay.chat.support.SimulatorTestResource.LOCK";

    @Override
    public Map<String, String> start() {
        String url = url();
        return Map.of("dingtalk.api-base-url", url, "dingtalk.oapi-base-url", url, URL_PROPERTY, url,
                "dingtalk.apps.demo.app-key", APP_KEY, "dingtalk.apps.demo.app-secret", APP_SECRET);
    }

    @Override
    public void stop() {
        // kept for the next application start; the shutdown hook stops it
    }

    public static String url() {
        synchronized (LOCK) {
            String shared = System.getProperty(SHARED);
            if (shared == null) {
                shared = launch();
                System.setProperty(SHARED, shared);
            }
            return shared;
        }
    }

    private static String launch() {
        Path jar = Path.of(System.getProperty("dingrelay.simulator.jar", "../dingtalk-simulator/target/quarkus-app/quarkus-run.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("package the simulator first (" + jar.toAbsolutePath() + " is missing)");
        }
        try {
            int port;
            int nowhere;
            try (ServerSocket a = new ServerSocket(0); ServerSocket b = new ServerSocket(0)) {
                port = a.getLocalPort();
                nowhere = b.getLocalPort();
            }
            String base = "http://127.0.0.1:" + port;
            Path log = Path.of("target", "simulator-" + port + ".log").toAbsolutePath();
            Files.createDirectories(log.getParent());
            Process process = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:+UseSerialGC", "-Xmx192m", "-XX:TieredStopAtLevel=1",
                    "-Dquarkus.http.port=" + port, "-Dsimulator.public-url=" + base,
                    // No gateway: a callback fails to connect at once, the session it opened stays usable.
                    "-Dsimulator.gateway-url=http://127.0.0.1:" + nowhere,
                    "-Ddingtalk.apps.demo.app-key=" + APP_KEY, "-Ddingtalk.apps.demo.app-secret=" + APP_SECRET,
                    "-Ddingtalk.apps.demo.token=chatbridgetesttoken",
                    "-Ddingtalk.apps.demo.aes-key=abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
                    "-Ddingtalk.apps.demo.owner-key=" + APP_KEY,
                    "-jar", jar.toAbsolutePath().toString()))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "chat-test-simulator-stop"));
            HttpClient http = HttpClient.newHttpClient();
            org.awaitility.Awaitility.await("simulator ready on " + base).atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(200)).until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("the simulator exited; see " + log);
                        }
                        try {
                            return http.send(HttpRequest.newBuilder(URI.create(base + "/q/health/ready")).build(),
                                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                        } catch (IOException notYet) {
                            return false;
                        }
                    });
            return base;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
