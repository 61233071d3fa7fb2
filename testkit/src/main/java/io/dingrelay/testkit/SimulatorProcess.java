package io.dingrelay.testkit;

import io.dingrelay.infra.AppProcess;
import io.dingrelay.infra.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The packaged {@code dingtalk-simulator} ({@code dingtalk-simulator/target/quarkus-app/quarkus-run.jar}) running as
 * a child process, for tests of other modules that talk to DingTalk. Plain Java: works in any test;
 * {@link SimulatorResource} wraps it for {@code @QuarkusTest}s.
 *
 * <pre>{@code
 * try (SimulatorProcess sim = SimulatorProcess.builder()
 *         .property("dingtalk.apps.demo.app-key", "dingdemo")       // any -D the simulator reads
 *         .property("dingtalk.apps.demo.app-secret", "s3cret")
 *         .start()) {
 *     String base = sim.url();                                        // http://localhost:<free port>
 *     sim.process().logFile();                                        // its output
 * }
 * }</pre>
 *
 * <p>The module using it must have the simulator packaged before its tests run, without the simulator's classes
 * on its test class path: testkit's README shows the test-scope {@code <type>pom</type>} dependency that orders the
 * reactor so. The runner jar is found by {@code -Ddingrelay.test.simulator-jar=<path>}, else by walking up from the
 * working directory to the folder holding {@code dingtalk-simulator/target/quarkus-app/quarkus-run.jar}.
 */
public final class SimulatorProcess implements AutoCloseable {

    /** A path to {@code quarkus-run.jar} that wins over the search. */
    public static final String JAR_PROPERTY = "dingrelay.test.simulator-jar";
    static final Path RUNNER = Path.of("dingtalk-simulator", "target", "quarkus-app", "quarkus-run.jar");
    /**
     * Small and quick to start: serial GC, 256 MiB, C1 only (a test simulator answers a few requests; two shared
     * cores are better spent on the code under test).
     */
    public static final List<String> DEFAULT_JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-Xmx256m",
            "-XX:+ExitOnOutOfMemoryError", "-XX:TieredStopAtLevel=1");
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private final AppProcess process;

    private SimulatorProcess(AppProcess process) {
        this.process = process;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code http://localhost:<port>}: the base of DingTalk's APIs ({@code /robot/send}, {@code /v1.0/...}) and of {@code /sim/...}. */
    public String url() {
        return process.url();
    }

    /** The child process: port, pid, log file and its tail, readiness. */
    public AppProcess process() {
        return process;
    }

    /** Stops the simulator (gracefully, then forcibly). Safe to call twice. */
    @Override
    public void close() {
        process.stop(STOP_GRACE);
    }

    /** The runner jar: {@link #JAR_PROPERTY}, else the nearest {@code dingtalk-simulator/target/quarkus-app/quarkus-run.jar} above {@code from}. */
    static Path locateRunner(String configured, Path from) {
        if (configured != null && !configured.isBlank()) {
            Path jar = Path.of(configured.trim()).toAbsolutePath();
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(JAR_PROPERTY + "=" + configured + " is not a file");
            }
            return jar;
        }
        for (Path dir = from.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            Path jar = dir.resolve(RUNNER);
            if (Files.isRegularFile(jar)) {
                return jar;
            }
            if (Files.isDirectory(dir.resolve("dingtalk-simulator"))) {
                throw new IllegalStateException("The DingTalk simulator is not packaged: " + jar + " is missing. Build it"
                        + " first (./mvnw -B -pl dingtalk-simulator -am package -DskipTests), or give this module the"
                        + " test-scope <type>pom</type> dependency on dingtalk-simulator (testkit README) so that"
                        + " -pl <module> -am packages it first");
            }
        }
        throw new IllegalStateException("No " + RUNNER + " above " + from.toAbsolutePath()
                + "; set -D" + JAR_PROPERTY + "=<path to quarkus-run.jar>");
    }

    /** How to start the simulator. */
    public static final class Builder {

        private Path runnerJar;
        private int port;
        private final Map<String, String> properties = new LinkedHashMap<>();
        private final Map<String, String> environment = new LinkedHashMap<>();
        private List<String> jvmOptions = DEFAULT_JVM_OPTIONS;
        private Duration readyTimeout = Duration.ofSeconds(120);
        private Path logFile;

        private Builder() {
        }

        /** The packaged simulator. Default: {@link #JAR_PROPERTY}, else found above the working directory. */
        public Builder runnerJar(Path runnerJar) {
            this.runnerJar = runnerJar;
            return this;
        }

        /** Default 0: a free port. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /**
         * A {@code -D} for the simulator, e.g. {@code dingtalk.apps.<name>.*}, {@code simulator.gateway-url},
         * {@code simulator.limits.*}. It shows on the command line: test secrets only, or an {@code ${ENV}}
         * expression with {@link #environment}.
         */
        public Builder property(String key, String value) {
            properties.put(Objects.requireNonNull(key), Objects.requireNonNull(value));
            return this;
        }

        public Builder properties(Map<String, String> properties) {
            properties.forEach(this::property);
            return this;
        }

        /** An environment variable of the simulator's process. */
        public Builder environment(String name, String value) {
            environment.put(Objects.requireNonNull(name), Objects.requireNonNull(value));
            return this;
        }

        /** Default {@link SimulatorProcess#DEFAULT_JVM_OPTIONS}. */
        public Builder jvmOptions(List<String> jvmOptions) {
            this.jvmOptions = List.copyOf(jvmOptions);
            return this;
        }

        /** How long the simulator may take to answer {@code /q/health/ready}. Default 120 s (two shared cores). */
        public Builder readyTimeout(Duration readyTimeout) {
            this.readyTimeout = Objects.requireNonNull(readyTimeout);
            return this;
        }

        /** Where its output goes. Default {@code target/dingtalk-simulator/simulator-<port>.log} of the working directory. */
        public Builder logFile(Path logFile) {
            this.logFile = logFile;
            return this;
        }

        /**
         * Starts the simulator and returns once it is ready; on failure stops it and throws an
         * {@link IllegalStateException} with the end of its log.
         */
        public SimulatorProcess start() {
            Path jar = runnerJar != null ? runnerJar : locateRunner(System.getProperty(JAR_PROPERTY), Path.of(""));
            int httpPort = Ports.orFree(port);
            Path log = logFile != null ? logFile
                    : Path.of("target", "dingtalk-simulator", "simulator-" + httpPort + ".log").toAbsolutePath();
            Map<String, String> props = new LinkedHashMap<>();
            props.put("quarkus.http.port", Integer.toString(httpPort));
            props.putAll(properties);
            AppProcess process = AppProcess.start("dingtalk-simulator", httpPort, AppProcess.javaCommand(jvmOptions, props, jar),
                    environment, log.getParent(), log);
            try {
                process.awaitReady(Instant.now().plus(readyTimeout));
            } catch (RuntimeException e) {
                process.stop(STOP_GRACE);
                throw new IllegalStateException(e.getMessage(), e);
            }
            return new SimulatorProcess(process);
        }
    }
}
