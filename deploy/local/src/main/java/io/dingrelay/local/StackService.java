package io.dingrelay.local;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The processes of the local stack besides the broker and the database, in start order, with their CONTRACTS.md
 * ports. Each is a packaged Quarkus application started as {@code java -jar <module>/target/quarkus-app/quarkus-run.jar}.
 */
public enum StackService {
    DINGTALK_SIMULATOR("dingtalk-simulator", 8090, null, "/"),
    CALLBACK_GATEWAY("callback-gateway", 8081, null, null),
    ROBOT_REGISTRY("robot-registry", 8082, "robot_registry", null),
    CHAT_BRIDGE("chat-bridge", 8083, "chat_bridge", null),
    PUSH_DISPATCHER("push-dispatcher", 8084, "push_dispatcher", null),
    SCREENSHOT_WORKER("screenshot-worker", 8085, "screenshot_worker", null),
    /** The operator console: only the other services' HTTP APIs, so it starts last. */
    CONSOLE("console", 8086, null, "/");

    private final String id;
    private final int defaultPort;
    private final String database;
    private final String pagePath;

    StackService(String id, int defaultPort, String database, String pagePath) {
        this.id = id;
        this.defaultPort = defaultPort;
        this.database = database;
        this.pagePath = pagePath;
    }

    /** The module folder and the name used everywhere else (logs, tables, {@code only(...)}). */
    public String id() {
        return id;
    }

    public int defaultPort() {
        return defaultPort;
    }

    /** The PostgreSQL database the service owns, if any. */
    public Optional<String> database() {
        return Optional.ofNullable(database);
    }

    /** A page a person opens in a browser, if the service has one. */
    public Optional<String> pagePath() {
        return Optional.ofNullable(pagePath);
    }

    /** The packaged application, relative to the repository root. */
    public Path runnerJar(Path repoRoot) {
        return repoRoot.resolve(id).resolve("target/quarkus-app/quarkus-run.jar");
    }

    public static StackService byId(String id) {
        return Arrays.stream(values()).filter(s -> s.id.equals(id)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("Unknown service '" + id + "'; known: " + ids()));
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(StackService::id).toList();
    }
}
