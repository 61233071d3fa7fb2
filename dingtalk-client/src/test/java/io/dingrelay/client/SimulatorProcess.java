package io.dingrelay.client;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;

/**
 * The packaged dingtalk-simulator ({@code dingtalk-simulator/target/quarkus-app/quarkus-run.jar}) as a child process
 * on a free port, with the app {@code demo} configured. A stop-gap until testkit offers the same (GUIDE contract 3);
 * replace it then.
 */
public final class SimulatorProcess implements AutoCloseable {

    public static final String APP_KEY = "dingclienttestkey";
    public static final String APP_SECRET = "client-test-app-secret-0123456789";

    private final Process process;
    private final String baseUrl;
    private final HttpClient http = HttpClient.newHttpClient();

    private SimulatorProcess(Process process, String baseUrl) {
        this.process = process;
        this.baseUrl = baseUrl;
    }

    public static SimulatorProcess start() throws IOException {
        return start(List.of("-Xmx192m", "-XX:TieredStopAtLevel=1"));
    }

    /** With JVM options and {@code -D} properties of the caller's (e.g. {@code -Xmx512m}, {@code -Dsimulator.limits.ip-enabled=false}). */
    public static SimulatorProcess start(List<String> jvmOptions) throws IOException {
        Path jar = Path.of(System.getProperty("dingrelay.simulator.jar", "../dingtalk-simulator/target/quarkus-app/quarkus-run.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("package the simulator first: ./mvnw -pl dingtalk-simulator -am package -DskipTests ("
                    + jar.toAbsolutePath() + " is missing)");
        }
        int port = freePort();
        String base = "http://127.0.0.1:" + port;
        Path log = Path.of("target", "simulator-" + port + ".log");
        Files.createDirectories(log.getParent());
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC",
                "-Dquarkus.http.port=" + port, "-Dquarkus.http.host=0.0.0.0", "-Dsimulator.public-url=" + base,
                "-Ddingtalk.apps.demo.app-key=" + APP_KEY, "-Ddingtalk.apps.demo.app-secret=" + APP_SECRET,
                "-Ddingtalk.apps.demo.token=clienttesttoken",
                "-Ddingtalk.apps.demo.aes-key=abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
                "-Ddingtalk.apps.demo.owner-key=" + APP_KEY));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-jar", jar.toAbsolutePath().toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        SimulatorProcess sim = new SimulatorProcess(p, base);
        try {
            Awaitility.await("simulator ready on " + base).atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        if (!p.isAlive()) {
                            throw new IllegalStateException("simulator exited: see " + log.toAbsolutePath());
                        }
                        return sim.status("/q/health/ready") == 200;
                    });
        } catch (RuntimeException e) {
            sim.close();
            throw e;
        }
        return sim;
    }

    public String baseUrl() {
        return baseUrl;
    }

    public String get(String path) {
        return call(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET().build()).body();
    }

    public String post(String path, String json) {
        return call(HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build()).body();
    }

    public String put(String path, String json) {
        return call(HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)).build()).body();
    }

    public String delete(String path) {
        return call(HttpRequest.newBuilder(URI.create(baseUrl + path)).DELETE().build()).body();
    }

    private int status(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET().build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private HttpResponse<String> call(HttpRequest request) {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() >= 400) {
                throw new IllegalStateException(request.method() + " " + request.uri().getPath() + " -> " + r.statusCode() + " " + r.body());
            }
            return r;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

}
