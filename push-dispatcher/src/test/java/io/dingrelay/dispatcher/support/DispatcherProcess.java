package io.dingrelay.dispatcher.support;

import io.dingrelay.infra.PostgresServer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * The packaged push-dispatcher ({@code target/quarkus-app/quarkus-run.jar}) as a child process, wired to a broker, a
 * database, the simulator and the {@link AudienceServer}: for the integration tests with several replicas and for the
 * benchmark.
 */
public final class DispatcherProcess implements AutoCloseable {

    static final HttpClient HTTP = HttpClient.newHttpClient();

    private final List<String> command;
    private final Path log;
    private final String base;
    private final PostgresServer pg;
    private final String db;
    private Process process;

    private DispatcherProcess(List<String> command, Path log, String base, PostgresServer pg, String db) {
        this.command = command;
        this.log = log;
        this.base = base;
        this.pg = pg;
        this.db = db;
    }

    /** Starts it and waits until it is ready. {@code extra}: more JVM options and {@code -D} properties. */
    public static DispatcherProcess start(String jar, String kafka, PostgresServer pg, String db, Path logDir, String name, List<String> extra)
            throws IOException {
        int port = io.dingrelay.infra.Ports.free();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+UseParallelGC",
                "-Dquarkus.http.port=" + port, "-Dkafka.bootstrap.servers=" + kafka,
                "-Dquarkus.datasource.reactive.url=" + pg.reactiveUrl(db), "-Dquarkus.datasource.jdbc.url=" + pg.jdbcUrl(db),
                "-Dquarkus.datasource.username=" + pg.username(), "-Dquarkus.datasource.password=" + pg.password(),
                "-Ddingrelay.registry-url=" + DeliveryWorld.audience.url(), "-Ddingrelay.admin-token=" + AudienceServer.TOKEN,
                "-Ddingrelay.screenshot-url=" + DeliveryWorld.audience.url(),
                "-Ddingrelay.crypto.keys.t1=" + DeliveryWorld.KEY, "-Ddingtalk.api-base-url=" + DeliveryWorld.simUrl,
                "-Ddingtalk.oapi-base-url=" + DeliveryWorld.simUrl,
                "-Ddingtalk.apps.demo.app-key=" + DeliveryWorld.APP_KEY,
                "-Ddingtalk.apps.demo.app-secret=" + DeliveryWorld.APP_SECRET));
        cmd.addAll(extra);
        cmd.addAll(List.of("-jar", Path.of(jar).toAbsolutePath().toString()));
        DispatcherProcess d = new DispatcherProcess(cmd, logDir.resolve("dispatcher-" + name + ".log"), "http://127.0.0.1:" + port, pg, db);
        d.start();
        return d;
    }

    /** (Re)starts the process with the same command and waits until ready. */
    public void start() throws IOException {
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        Process p = process;
        Awaitility.await("dispatcher ready, log " + log).atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (!p.isAlive()) {
                throw new IllegalStateException("dispatcher exited: see " + log);
            }
            return status(base + "/q/health/ready") == 200;
        });
    }

    /** SIGKILL: no shutdown, in-flight sends cut off, offsets not committed. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    public String url() {
        return base;
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    public Path log() {
        return log;
    }

    public String createCampaign(String json) {
        return new JsonObject(call("POST", "/api/campaigns", json)).getString("id");
    }

    public String startRun(String campaign) {
        return new JsonObject(call("POST", "/api/campaigns/" + campaign + "/runs", "")).getString("runId");
    }

    public JsonObject progress(String run) {
        return new JsonObject(call("GET", "/api/runs/" + run, null));
    }

    public String get(String path) {
        return call("GET", path, null);
    }

    /** The newest delivered_at of a run, from the ledger. */
    public Instant lastDelivered(String run) throws Exception {
        try (var c = DriverManager.getConnection(pg.jdbcUrl(db), pg.username(), pg.password());
                var st = c.prepareStatement("SELECT max(delivered_at) FROM deliveries WHERE run_id = ?")) {
            st.setString(1, run);
            try (var rs = st.executeQuery()) {
                rs.next();
                return rs.getTimestamp(1).toInstant();
            }
        }
    }

    String call(String method, String path, String body) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + AudienceServer.TOKEN)
                    .header("Content-Type", "application/json");
            b = body == null ? b.GET() : b.method(method, HttpRequest.BodyPublishers.ofString(body));
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() >= 300) {
                throw new IllegalStateException(method + " " + path + " -> " + r.statusCode() + " " + r.body());
            }
            return r.body();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static int status(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
