package io.dingrelay.local;

import io.dingrelay.events.Topics;
import io.dingrelay.infra.AppProcess;
import io.dingrelay.infra.KafkaBroker;
import io.dingrelay.infra.PostgresServer;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The whole DingRelay system on one machine: a Kafka broker and PostgreSQL inside this JVM (embedded-infra, data kept in
 * the data folder), and every service and the DingTalk simulator as their own processes started from their
 * packaged applications. The one-command local stack ({@link Main}) and the tests that cross services use it alike:
 *
 * <pre>{@code
 * try (LocalStack stack = LocalStack.builder()
 *         .only("dingtalk-simulator", "callback-gateway", "chat-bridge")
 *         .dataDir(tempDir).freePorts()
 *         .start()) {
 *     String gateway = stack.url("callback-gateway");
 * }
 * }</pre>
 */
public final class LocalStack implements AutoCloseable {

    /**
     * JVM options of every service unless {@link Builder#jvmOptions} says otherwise: the serial collector and a
     * 256 MiB heap keep six JVMs small on a laptop; a service that runs out of memory exits instead of limping;
     * C1 only ({@code TieredStopAtLevel=1}) because six JVMs compiling with C2 at once on two cores made the stack
     * come up 40-50% slower (README figures). That costs peak throughput: benchmarks pass their own options.
     */
    public static final List<String> DEFAULT_JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-Xmx256m",
            "-XX:+ExitOnOutOfMemoryError", "-XX:TieredStopAtLevel=1");

    /** How long Quarkus may take to stop gracefully before it is killed. */
    static final Duration STOP_GRACE = Duration.ofSeconds(15);

    private final PrintStream out;
    private final Path dataDir;
    private final LocalSecrets secrets;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Stops whatever was started if the JVM exits (Ctrl-C, SIGTERM from {@code down}) without {@link #close()}. */
    private final Thread shutdownHook = new Thread(this::close, "local-stack-shutdown");
    // Filled in while starting, so that a failure or a shutdown half-way stops exactly what runs.
    private final List<ServiceProcess> processes = new CopyOnWriteArrayList<>();
    private volatile KafkaBroker kafka;
    private volatile PostgresServer postgres;
    private volatile Duration startupTime;
    // How the services were started, kept for the drills' restarts, second instances and deferred starts.
    private volatile Path repoRoot;
    private volatile ServiceSettings settings;
    private volatile Map<String, String> environment;
    private volatile List<String> jvmOptions;
    private volatile Map<StackService, Map<String, String>> extraProperties;
    private volatile Map<StackService, Integer> servicePorts;
    private volatile Duration readyTimeout;
    private final Set<StackService> deferred = EnumSet.noneOf(StackService.class);
    private final java.util.concurrent.atomic.AtomicInteger starts = new java.util.concurrent.atomic.AtomicInteger();

    private LocalStack(PrintStream out, Path dataDir, LocalSecrets secrets) {
        this.out = out;
        this.dataDir = dataDir;
        this.secrets = secrets;
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The base URL of a running service, e.g. {@code http://localhost:8083}. */
    public String url(String service) {
        return process(service).url();
    }

    /** Every running service's base URL, in start order. */
    public Map<String, String> urls() {
        Map<String, String> urls = new LinkedHashMap<>();
        processes.forEach(p -> urls.put(p.name(), p.url()));
        return urls;
    }

    public List<ServiceProcess> services() {
        return Collections.unmodifiableList(processes);
    }

    public ServiceProcess process(String service) {
        return processes.stream().filter(p -> p.name().equals(service)).findFirst().orElseThrow(() ->
                new IllegalArgumentException(service + " is not running in this stack; running: " + urls().keySet()));
    }

    /** {@code localhost:<port>} of the broker; empty when no selected service needs Kafka. */
    public Optional<String> kafkaBootstrapServers() {
        return Optional.ofNullable(kafka).map(KafkaBroker::bootstrapServers);
    }

    public Optional<PostgresServer> postgres() {
        return Optional.ofNullable(postgres);
    }

    public LocalSecrets secrets() {
        return secrets;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** From {@link Builder#start()} until every service answered ready. */
    public Duration startupTime() {
        return startupTime;
    }

    /** Whether the broker found its data from an earlier start. */
    public boolean kafkaDataReused() {
        return kafka != null && kafka.reusedData();
    }

    /** Name, URL, readiness, RSS and log of every process, as a printable table. */
    public String statusTable() {
        StatusTable table = new StatusTable();
        for (ServiceProcess p : processes) {
            String url = p.url() + p.service().pagePath().filter(path -> !path.equals("/")).orElse("");
            table.row(p.name(), p.service().pagePath().isPresent() ? url + "/  (page)" : url,
                    p.isAlive() ? (p.ready() ? "UP" : "DOWN") : "EXITED",
                    p.rssMib().map(m -> m + " MiB").orElse("-"), String.valueOf(p.pid()), relative(p.logFile()));
        }
        if (kafka != null) {
            table.row("kafka", kafka.bootstrapServers(), "UP", "in launcher", String.valueOf(ProcessHandle.current().pid()),
                    relative(dataDir.resolve("kafka")));
        }
        if (postgres != null) {
            Optional<Long> postmaster = StackState.postmasterPid(dataDir);
            table.row("postgresql", "jdbc:postgresql://localhost:" + postgres.port() + "/", "UP",
                    postmaster.map(pm -> ProcessInfo.postgresPssMib(pm) + " MiB PSS, all").orElse("-"),
                    postmaster.map(String::valueOf).orElse("-"), relative(dataDir.resolve("postgres/postgres.log")));
        }
        ProcessInfo.rssMib(ProcessHandle.current().pid()).ifPresent(rss ->
                table.row("launcher (runs kafka)", "-", "-", rss + " MiB", String.valueOf(ProcessHandle.current().pid()),
                        relative(dataDir.resolve("logs/local-stack.log"))));
        return table.render();
    }

    // ---- Faults, for the reliability drills (deploy/local/README.md "Drills"). ----

    /** Kills one running instance with SIGKILL and returns once it is gone (its log stays). */
    public synchronized void kill(String instance) {
        process(instance).kill();
    }

    /**
     * Starts an instance again (after {@link #kill}) with the same command, port and environment, output in a new
     * log file {@code <instance>.<n>.log}, and returns once it answers ready.
     */
    public synchronized ServiceProcess restart(String instance) {
        return restart(instance, Map.of());
    }

    /**
     * As {@link #restart(String)}, with some system properties changed for the new process (e.g. the registry's
     * active credential key, for a key rotation).
     */
    public synchronized ServiceProcess restart(String instance, Map<String, String> changedProperties) {
        ServiceProcess old = process(instance);
        if (old.isAlive()) {
            old.kill();
        }
        ServiceProcess again = old.startAgain(dataDir.resolve("logs").resolve(instance + "." + starts.incrementAndGet() + ".log"),
                changedProperties);
        processes.set(processes.indexOf(old), again);
        awaitReadyOrStop(again);
        return again;
    }

    /**
     * One more instance of a running service under its own name (e.g. {@code callback-gateway-2}) on a free port, with
     * the same configuration as the first; returns once it answers ready.
     */
    public synchronized ServiceProcess startInstance(String serviceId, String instance) {
        StackService s = StackService.byId(serviceId);
        if (processes.stream().anyMatch(p -> p.name().equals(instance))) {
            throw new IllegalArgumentException(instance + " already runs");
        }
        int port = PortCheck.freePort();
        Map<String, String> props = new LinkedHashMap<>(settings.systemProperties(s));
        props.putAll(extraProperties.getOrDefault(s, Map.of()));
        props.put("quarkus.http.port", String.valueOf(port));
        ServiceProcess p = ServiceProcess.start(s, instance, port, AppProcess.javaCommand(jvmOptions, props, s.runnerJar(repoRoot)),
                environment, dataDir.resolve("services").resolve(instance), dataDir.resolve("logs").resolve(instance + ".log"));
        processes.add(p);
        awaitReadyOrStop(p);
        return p;
    }

    /** Starts a service the builder named in {@link Builder#deferred}; returns once it answers ready. */
    public synchronized ServiceProcess startDeferred(String serviceId) {
        StackService s = StackService.byId(serviceId);
        if (!deferred.remove(s)) {
            throw new IllegalArgumentException(serviceId + " was not deferred");
        }
        ServiceProcess p = startService(s);
        awaitReadyOrStop(p);
        return p;
    }

    /** Stops the broker (a clean shutdown, as a rolling restart does); the services keep running without it. */
    public synchronized void stopKafka() {
        KafkaBroker broker = kafka;
        if (broker == null) {
            throw new IllegalStateException("no broker in this stack");
        }
        brokerPorts = new int[] {Integer.parseInt(broker.bootstrapServers().substring(broker.bootstrapServers().lastIndexOf(':') + 1)),
                broker.controllerPort()};
        broker.close();
    }

    /** Starts the broker again on the same data and ports; returns once it takes produce requests. */
    public synchronized void startKafka() {
        if (brokerPorts == null) {
            throw new IllegalStateException("the broker was not stopped");
        }
        kafka = KafkaBroker.start(KafkaBroker.Options.defaults().dataDirectory(dataDir.resolve("kafka"))
                .brokerPort(brokerPorts[0]).controllerPort(brokerPorts[1]));
        brokerPorts = null;
    }

    /** Stops PostgreSQL (fast shutdown: open connections are cut) and starts it again on the same data and port. */
    public synchronized void restartPostgres() {
        PostgresServer pg = postgres;
        if (pg == null) {
            throw new IllegalStateException("no PostgreSQL in this stack");
        }
        int port = pg.port();
        pg.close();
        postgres = PostgresServer.start(PostgresServer.Options.defaults().dataDirectory(dataDir.resolve("postgres")).port(port));
    }

    private volatile int[] brokerPorts;

    private ServiceProcess startService(StackService s) {
        Map<String, String> props = new LinkedHashMap<>(settings.systemProperties(s));
        props.putAll(extraProperties.getOrDefault(s, Map.of()));
        List<String> command = AppProcess.javaCommand(jvmOptions, props, s.runnerJar(repoRoot));
        ServiceProcess p = ServiceProcess.start(s, servicePorts.get(s), command, environment,
                dataDir.resolve("services").resolve(s.id()), dataDir.resolve("logs").resolve(s.id() + ".log"));
        processes.add(p);
        return p;
    }

    private void awaitReadyOrStop(ServiceProcess p) {
        try {
            p.awaitReady(Instant.now().plus(readyTimeout));
        } catch (LocalStackException e) {
            p.requestStop();
            p.awaitStop(STOP_GRACE);
            throw e;
        }
        StackState.write(dataDir, this);
    }

    /** Stops the services (gracefully, then forcibly), then the broker and the database. Safe to call twice. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // Called by the hook itself: the JVM is already shutting down.
        }
        stopAll(processes, out);
        closeQuietly(kafka, "Kafka");
        closeQuietly(postgres, "PostgreSQL");
        StackState.clear(dataDir);
    }

    private static void stopAll(List<ServiceProcess> processes, PrintStream out) {
        List<ServiceProcess> reversed = new ArrayList<>(processes);
        Collections.reverse(reversed);
        reversed.forEach(ServiceProcess::requestStop);
        reversed.forEach(p -> p.awaitStop(STOP_GRACE));
        if (!processes.isEmpty()) {
            out.println("Stopped " + processes.stream().map(ServiceProcess::name).toList());
        }
    }

    private static void closeQuietly(AutoCloseable resource, String what) {
        if (resource == null) {
            return;
        }
        try {
            resource.close();
        } catch (Exception e) {
            System.err.println("Stopping " + what + " failed: " + e);
        }
    }

    private String relative(Path path) {
        Path cwd = Path.of("").toAbsolutePath();
        Path abs = path.toAbsolutePath().normalize();
        return abs.startsWith(cwd) ? cwd.relativize(abs).toString() : abs.toString();
    }

    /** How to start a stack: which services, where the data lives, which ports. */
    public static final class Builder {

        private Path repoRoot;
        private Path dataDir;
        private final Set<StackService> services = EnumSet.allOf(StackService.class);
        private final Map<StackService, Integer> ports = new EnumMap<>(StackService.class);
        private int kafkaPort = 29092;
        private int kafkaControllerPort = 29093;
        private int postgresPort = 25432;
        private boolean freePorts;
        private boolean streamMode;
        private Duration readyTimeout = Duration.ofSeconds(180);
        private List<String> jvmOptions = DEFAULT_JVM_OPTIONS;
        private final Map<StackService, Map<String, String>> extraProperties = new EnumMap<>(StackService.class);
        private final Set<StackService> deferredServices = EnumSet.noneOf(StackService.class);
        private final Map<String, String> extraEnvironment = new LinkedHashMap<>();
        private PrintStream out = System.out;

        private Builder() {
        }

        /**
         * The repository root holding each module's {@code target/quarkus-app}. Default: the system property
         * {@code dingrelay.local.root}, else the working directory.
         */
        public Builder repoRoot(Path repoRoot) {
            this.repoRoot = repoRoot;
            return this;
        }

        /** Where broker, database, secrets and logs live. Default: {@code <repoRoot>/deploy/local/data}. */
        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /** A new temporary data folder (kept after {@link LocalStack#close()}, so a second start can reuse it). */
        public Builder temporaryDataDir() {
            try {
                this.dataDir = Files.createTempDirectory("dingrelay-local-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        /** Starts only these services (ids as in {@link StackService#ids()}); the broker and database only if needed. */
        public Builder only(String... serviceIds) {
            services.clear();
            Arrays.stream(serviceIds).map(StackService::byId).forEach(services::add);
            return this;
        }

        public Builder port(String serviceId, int port) {
            ports.put(StackService.byId(serviceId), port);
            return this;
        }

        public Builder kafkaPort(int port) {
            this.kafkaPort = port;
            return this;
        }

        public Builder kafkaControllerPort(int port) {
            this.kafkaControllerPort = port;
            return this;
        }

        public Builder postgresPort(int port) {
            this.postgresPort = port;
            return this;
        }

        /** Picks free ports for everything not set explicitly (tests, benchmarks, stacks side by side). */
        public Builder freePorts() {
            this.freePorts = true;
            return this;
        }

        /**
         * The demo app reaches the gateway over Stream mode (an outbound WebSocket to the simulator, no callback URL)
         * instead of HTTP callbacks: the gateway gets {@code dingtalk.apps.demo.stream.enabled=true} and the
         * simulator as its DingTalk API. Robot messages are then sent with the simulator's
         * {@code POST /sim/stream/robot-messages}.
         */
        public Builder streamMode() {
            this.streamMode = true;
            return this;
        }

        /** How long all services together may take to become ready. Default 180 s (two shared cores). */
        public Builder readyTimeout(Duration readyTimeout) {
            this.readyTimeout = Objects.requireNonNull(readyTimeout);
            return this;
        }

        /** JVM options of every service process. Default {@link LocalStack#DEFAULT_JVM_OPTIONS}; a benchmark wants full JIT (no TieredStopAtLevel). */
        public Builder jvmOptions(List<String> jvmOptions) {
            this.jvmOptions = List.copyOf(jvmOptions);
            return this;
        }

        /** One more {@code -D} for one service (wins over the stack's own), e.g. a benchmark's tuning. */
        public Builder systemProperty(String serviceId, String key, String value) {
            extraProperties.computeIfAbsent(StackService.byId(serviceId), s -> new LinkedHashMap<>()).put(key, value);
            return this;
        }

        /**
         * Services that get their ports and configuration now (so the others are told where they will be) but start
         * only with {@link LocalStack#startDeferred}: e.g. chat-bridge after a drill has filled its topic.
         */
        public Builder deferred(String... serviceIds) {
            Arrays.stream(serviceIds).map(StackService::byId).forEach(deferredServices::add);
            return this;
        }

        /**
         * One more environment variable of every service process: a secret a {@link #systemProperty} refers to as
         * {@code ${NAME}}, so that it never shows on a command line.
         */
        public Builder environment(String name, String value) {
            extraEnvironment.put(name, value);
            return this;
        }

        /** Where progress is printed. Default: standard output. */
        public Builder out(PrintStream out) {
            this.out = Objects.requireNonNull(out);
            return this;
        }

        /**
         * Starts the broker and the database (when a selected service needs them), creates topics and databases,
         * starts the services and returns once every one answers ready; on any failure stops what it started and
         * throws a {@link LocalStackException} saying what went wrong and where the log is.
         */
        public LocalStack start() {
            Instant started = Instant.now();
            Path root = (repoRoot != null ? repoRoot
                    : Path.of(System.getProperty("dingrelay.local.root", ""))).toAbsolutePath().normalize();
            Path data = (dataDir != null ? dataDir : root.resolve("deploy/local/data")).toAbsolutePath().normalize();
            List<StackService> selected = Arrays.stream(StackService.values()).filter(services::contains).toList();
            boolean needsKafka = selected.stream().anyMatch(s -> s != StackService.DINGTALK_SIMULATOR);
            boolean needsPostgres = selected.stream().anyMatch(s -> s.database().isPresent());

            StackState.runningLauncher(data).ifPresent(pid -> {
                throw new LocalStackException("A local stack is already running on " + data + " (launcher pid " + pid
                        + "). Stop it first: " + Main.commandName() + " down");
            });
            for (StackService s : selected) {
                if (!Files.isRegularFile(s.runnerJar(root))) {
                    throw new LocalStackException(s.id() + " is not packaged: " + s.runnerJar(root)
                            + " is missing. Build it first: ./mvnw -q -B -DskipTests package (or " + Main.commandName() + ", which builds what is missing)");
                }
            }
            Map<StackService, Integer> servicePorts = new EnumMap<>(StackService.class);
            for (StackService s : selected) {
                int port = ports.getOrDefault(s, freePorts ? PortCheck.freePort() : s.defaultPort());
                PortCheck.requireFree(port, s.id(), "--port " + s.id() + "=<port>");
                servicePorts.put(s, port);
            }
            int brokerPort = freePorts && kafkaPort == 29092 ? 0 : kafkaPort;
            int controllerPort = freePorts && kafkaControllerPort == 29093 ? 0 : kafkaControllerPort;
            int pgPort = freePorts && postgresPort == 25432 ? 0 : postgresPort;
            if (needsKafka && brokerPort != 0) {
                PortCheck.requireFree(brokerPort, "the Kafka broker", "--kafka-port <port>");
            }
            if (needsKafka && controllerPort != 0) {
                PortCheck.requireFree(controllerPort, "the Kafka controller", "--kafka-controller-port <port>");
            }
            // A postmaster left on this data folder by a launcher that was killed holds the port: PostgresServer stops it.
            boolean ownOrphan = needsPostgres && pgPort != 0
                    && StackState.postmasterPid(data).filter(pid -> PortCheck.owner(pgPort).equals(Optional.of(pid))).isPresent();
            if (needsPostgres && pgPort != 0 && !ownOrphan) {
                PortCheck.requireFree(pgPort, "PostgreSQL", "--postgres-port <port>");
            }

            LocalSecrets secrets = LocalSecrets.loadOrCreate(data);
            LocalStack stack = new LocalStack(out, data, secrets);
            try {
                StackState.writePid(data);
                CompletableFuture<KafkaBroker> kafkaStart = needsKafka ? CompletableFuture.supplyAsync(() -> {
                    KafkaBroker broker = KafkaBroker.start(KafkaBroker.Options.defaults()
                            .dataDirectory(data.resolve("kafka")).brokerPort(brokerPort).controllerPort(controllerPort));
                    stack.kafka = broker;
                    broker.createTopics(Topics.all());
                    return broker;
                }) : CompletableFuture.completedFuture(null);
                CompletableFuture<PostgresServer> postgresStart = needsPostgres ? CompletableFuture.supplyAsync(() -> {
                    PostgresServer pg = PostgresServer.start(PostgresServer.Options.defaults()
                            .dataDirectory(data.resolve("postgres")).port(pgPort));
                    stack.postgres = pg;
                    selected.forEach(s -> s.database().ifPresent(pg::createDatabase));
                    return pg;
                }) : CompletableFuture.completedFuture(null);
                out.println("Starting Kafka and PostgreSQL (data in " + data + ") ...");
                // Both must be up before the services start; wait for both even if one failed, so close() sees them.
                CompletableFuture.allOf(kafkaStart, postgresStart).exceptionally(e -> null).join();
                KafkaBroker kafka = kafkaStart.join();
                PostgresServer postgres = postgresStart.join();

                ServiceSettings config = new ServiceSettings(servicePorts,
                        kafka == null ? null : kafka.bootstrapServers(), postgres, secrets, data, streamMode);
                Map<String, String> environment = new LinkedHashMap<>(secrets.environment());
                if (postgres != null) {
                    environment.put("DINGRELAY_LOCAL_DB_PASSWORD", postgres.password());
                }
                environment.putAll(extraEnvironment);
                stack.repoRoot = root;
                stack.settings = config;
                stack.environment = Map.copyOf(environment);
                stack.jvmOptions = jvmOptions;
                stack.extraProperties = new EnumMap<>(StackService.class);
                extraProperties.forEach((k, v) -> stack.extraProperties.put(k, Map.copyOf(v)));
                stack.servicePorts = Map.copyOf(servicePorts);
                stack.readyTimeout = readyTimeout;
                for (StackService s : selected) {
                    if (deferredServices.contains(s)) {
                        stack.deferred.add(s);
                    } else {
                        stack.startService(s);
                    }
                }
                out.println("Started " + selected.stream().filter(s -> !deferredServices.contains(s)).map(StackService::id).toList()
                        + "; waiting until each answers /q/health/ready ...");
                Instant deadline = Instant.now().plus(readyTimeout);
                for (ServiceProcess p : stack.processes) {
                    p.awaitReady(deadline);
                    out.printf("  %-20s ready after %5.1f s%n", p.name(), p.readyAfter().toMillis() / 1000.0);
                }
                stack.startupTime = Duration.between(started, Instant.now());
                StackState.write(data, stack);
                return stack;
            } catch (RuntimeException | Error e) {
                stack.close();
                throw unwrap(e);
            }
        }

        private static RuntimeException unwrap(Throwable e) {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof RuntimeException r) {
                return r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            return new LocalStackException(cause.toString(), cause);
        }
    }
}
