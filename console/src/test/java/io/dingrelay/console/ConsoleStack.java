package io.dingrelay.console;

import io.dingrelay.events.Topics;
import io.dingrelay.infra.AppProcess;
import io.dingrelay.infra.KafkaBroker;
import io.dingrelay.infra.Ports;
import io.dingrelay.infra.PostgresServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The real services the console talks to, packaged, each a child process ({@link AppProcess}) on a real Kafka
 * ({@link KafkaBroker}) and PostgreSQL ({@link PostgresServer}) from embedded-infra, configured as the local stack
 * configures them (deploy/local ServiceSettings; the -D keys are the services' documented ones). The console
 * itself runs in the test JVM ({@code @QuarkusTest}) pointed at them.
 *
 * <p>Started once per test JVM; the services start side by side (about a minute on two busy cores).
 */
public class ConsoleStack implements QuarkusTestResourceLifecycleManager {

    public static final String ADMIN_TOKEN = randomBase64(24);
    public static final String SESSION_KEY = randomBase64(32);
    private static final String CRYPTO_KEY = randomBase64(32);
    private static final List<String> JVM = List.of("-XX:+UseSerialGC", "-Xmx256m", "-XX:+ExitOnOutOfMemoryError",
            "-XX:TieredStopAtLevel=1");

    static volatile ConsoleStack current;

    private PostgresServer postgres;
    private KafkaBroker kafka;
    private final Map<String, AppProcess> apps = new LinkedHashMap<>();
    private final Map<String, Integer> ports = new LinkedHashMap<>();

    @Override
    public Map<String, String> start() {
        try {
            return startAll();
        } catch (RuntimeException | Error e) {
            stop();
            throw e;
        }
    }

    private Map<String, String> startAll() {
        Path root = repoRoot();
        Path work = root.resolve("console/target/console-stack");
        try {
            Files.createDirectories(work);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        for (String s : List.of("dingtalk-simulator", "robot-registry", "chat-bridge", "push-dispatcher", "screenshot-worker")) {
            Path jar = runner(root, s);
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(s + " is not packaged: " + jar + " is missing. Run ./mvnw -B -pl console -am verify"
                        + " (the reactor packages it first), or ./mvnw -B -Dmaven.test.skip=true -pl " + s + " -am package");
            }
            ports.put(s, Ports.free());
        }
        // The database and the broker side by side: each takes 10-20 s on a busy machine.
        var pg = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            PostgresServer server = PostgresServer.start(PostgresServer.Options.defaults());
            for (String db : List.of("robot_registry", "chat_bridge", "push_dispatcher", "screenshot_worker")) {
                server.createDatabase(db);
            }
            return server;
        });
        try {
            kafka = KafkaBroker.start(KafkaBroker.Options.defaults());
            kafka.createTopics(Topics.all());
        } finally {
            postgres = pg.join();
        }

        for (String s : ports.keySet()) {
            apps.put(s, launch(s, s + ".log"));
        }
        Instant deadline = Instant.now().plus(Duration.ofSeconds(240));
        for (AppProcess app : apps.values()) {
            app.awaitReady(deadline);
        }
        current = this;
        Map<String, String> console = new LinkedHashMap<>();
        console.put("dingrelay.console.registry-url", url("robot-registry"));
        console.put("dingrelay.console.dispatcher-url", url("push-dispatcher"));
        console.put("dingrelay.console.chat-bridge-url", url("chat-bridge"));
        console.put("dingrelay.console.screenshot-url", url("screenshot-worker"));
        console.put("dingrelay.console.admin-token", ADMIN_TOKEN);
        console.put("dingrelay.console.session.key", SESSION_KEY);
        // Two rows a page, so three groups already show the keyset pager.
        console.put("dingrelay.console.page-size", "2");
        return console;
    }

    private AppProcess launch(String s, String logName) {
        Path root = repoRoot();
        Path work = root.resolve("console/target/console-stack");
        Map<String, String> env = Map.of("CONSOLE_TEST_ADMIN_TOKEN", ADMIN_TOKEN, "CONSOLE_TEST_CRYPTO_KEY", CRYPTO_KEY,
                "CONSOLE_TEST_DB_PASSWORD", postgres.password());
        return AppProcess.start(s, ports.get(s), AppProcess.javaCommand(JVM, properties(s), runner(root, s)), env,
                work.resolve("services").resolve(s), work.resolve("logs").resolve(logName));
    }

    /** Stops one service (a test of the console with that service down). */
    public void stopService(String service) {
        apps.get(service).stop(Duration.ofSeconds(15));
    }

    /** Starts a stopped service again on its port, with its data, and waits until it is ready. */
    public void startService(String service) {
        AppProcess app = launch(service, service + "-restarted.log");
        apps.put(service, app);
        app.awaitReady(Instant.now().plus(Duration.ofSeconds(180)));
    }

    public String url(String service) {
        return "http://localhost:" + ports.get(service);
    }

    public AppProcess app(String service) {
        return apps.get(service);
    }

    private Map<String, String> properties(String s) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("quarkus.http.port", String.valueOf(ports.get(s)));
        switch (s) {
            case "dingtalk-simulator" -> {
                demoApp(p);
                p.put("simulator.public-url", url(s));
            }
            case "robot-registry" -> {
                kafka(p);
                database(p, "robot_registry");
                admin(p);
                crypto(p);
                p.put("dingrelay.webhook-hosts", "oapi.dingtalk.com,localhost");
            }
            case "chat-bridge" -> {
                kafka(p);
                database(p, "chat_bridge");
                dingtalk(p);
                demoApp(p);
                admin(p);
                p.put("dingrelay.registry-url", url("robot-registry"));
                p.put("dingrelay.chat.status.screenshot-url", url("screenshot-worker"));
            }
            case "push-dispatcher" -> {
                kafka(p);
                database(p, "push_dispatcher");
                dingtalk(p);
                admin(p);
                crypto(p);
                demoApp(p);
                p.put("dingrelay.registry-url", url("robot-registry"));
                p.put("dingrelay.screenshot-url", url("screenshot-worker"));
                p.put("dingrelay.chat-bridge-url", url("chat-bridge"));
            }
            case "screenshot-worker" -> {
                kafka(p);
                database(p, "screenshot_worker");
                admin(p);
                p.put("dingrelay.screenshot.seed-demo", "true");
                p.put("dingrelay.screenshot.public-url", url(s));
                p.put("dingrelay.screenshot.images-dir", repoRoot().resolve("console/target/console-stack/images").toString());
            }
            default -> throw new IllegalArgumentException(s);
        }
        return p;
    }

    private void kafka(Map<String, String> p) {
        p.put("kafka.bootstrap.servers", kafka.bootstrapServers());
    }

    private void database(Map<String, String> p, String db) {
        p.put("quarkus.datasource.reactive.url", postgres.reactiveUrl(db));
        p.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl(db));
        p.put("quarkus.datasource.username", postgres.username());
        p.put("quarkus.datasource.password", "${CONSOLE_TEST_DB_PASSWORD}");
    }

    private static void admin(Map<String, String> p) {
        p.put("dingrelay.admin-token", "${CONSOLE_TEST_ADMIN_TOKEN}");
    }

    private static void crypto(Map<String, String> p) {
        p.put("dingrelay.crypto.keys.test1", "${CONSOLE_TEST_CRYPTO_KEY}");
        p.put("dingrelay.crypto.active-key", "test1");
    }

    private void dingtalk(Map<String, String> p) {
        p.put("dingtalk.api-base-url", url("dingtalk-simulator"));
        p.put("dingtalk.oapi-base-url", url("dingtalk-simulator"));
    }

    /** A made-up DingTalk app the simulator and the services agree on (test values, not secrets). */
    private static void demoApp(Map<String, String> p) {
        p.put("dingtalk.apps.demo.app-key", "dingconsoletest");
        p.put("dingtalk.apps.demo.app-secret", "console-test-app-secret");
        p.put("dingtalk.apps.demo.token", "consoletesttoken");
        p.put("dingtalk.apps.demo.aes-key", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG");
        p.put("dingtalk.apps.demo.owner-key", "dingconsoletest");
    }

    @Override
    public void stop() {
        List<AppProcess> all = new ArrayList<>(apps.values());
        all.forEach(AppProcess::requestStop);
        all.forEach(a -> a.awaitStop(Duration.ofSeconds(15)));
        if (kafka != null) {
            kafka.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    static Path repoRoot() {
        String configured = System.getProperty("dingrelay.test.repo-root");
        Path start = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath();
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("robot-registry")) && Files.isDirectory(dir.resolve("console"))) {
                return dir;
            }
        }
        throw new IllegalStateException("No repository root above " + start);
    }

    private static Path runner(Path root, String service) {
        return root.resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
    }

    private static String randomBase64(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }
}
