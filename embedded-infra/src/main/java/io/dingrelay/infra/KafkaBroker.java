package io.dingrelay.infra;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;

/**
 * A real single-node Kafka (KRaft, combined broker and controller) running inside this JVM.
 *
 * <pre>{@code
 * try (KafkaBroker kafka = KafkaBroker.start(KafkaBroker.Options.defaults())) {
 *     kafka.createTopics(Map.of("push.batches", 4));
 *     String bootstrap = kafka.bootstrapServers();
 * }
 * }</pre>
 *
 * <p>With {@link Options#dataDirectory(Path)} the log stays in that folder: a folder that already holds a formatted
 * log ({@code meta.properties}) is started as it is, so records, offsets and the cluster id survive a restart.
 * Without it a temporary folder is used and deleted by {@link #close()}.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(KafkaBroker.class.getName());

    private static final int NODE_ID = 1;
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final String BROKER_LISTENER = "PLAINTEXT";
    /** Attempts when a port this class picked was taken by someone else before the broker bound it. */
    private static final int BIND_ATTEMPTS = 3;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
    private static final String TEMP_PREFIX = "kafka-";

    private final KafkaRaftServer server;
    private final Path dataDirectory;
    private final boolean deleteOnClose;
    private final String bootstrapServers;
    private final int controllerPort;
    private final String clusterId;
    private final boolean reusedData;
    private final Duration startupTime;
    private final AtomicBoolean closed = new AtomicBoolean();
    private Admin admin;

    private KafkaBroker(KafkaRaftServer server, Path dataDirectory, boolean deleteOnClose, int brokerPort,
            int controllerPort, String clusterId, boolean reusedData, Duration startupTime) {
        this.server = server;
        this.dataDirectory = dataDirectory;
        this.deleteOnClose = deleteOnClose;
        this.bootstrapServers = "localhost:" + brokerPort;
        this.controllerPort = controllerPort;
        this.clusterId = clusterId;
        this.reusedData = reusedData;
        this.startupTime = startupTime;
    }

    /**
     * Formats the data directory if it holds no log yet, starts the broker and returns once it answers metadata
     * requests as an unfenced broker (so produce requests to a topic with a leader succeed).
     */
    public static KafkaBroker start(Options options) {
        Objects.requireNonNull(options, "options");
        long started = System.nanoTime();
        String logProvider = QuietLogs.apply();
        boolean deleteOnClose = options.dataDirectory() == null;
        if (deleteOnClose) {
            sweepAbandonedTemps();
        }
        Path dir = deleteOnClose ? Dirs.createTemp(TEMP_PREFIX) : Dirs.create(options.dataDirectory()).toAbsolutePath();
        try {
            boolean reused = Files.exists(dir.resolve("meta.properties"));
            RuntimeException lastBindFailure = null;
            for (int attempt = 1; attempt <= BIND_ATTEMPTS; attempt++) {
                int brokerPort = Ports.orFree(options.brokerPort());
                int controllerPort = Ports.orFree(options.controllerPort());
                if (brokerPort == controllerPort) {
                    throw new IllegalArgumentException("Broker and controller ports must differ: " + brokerPort);
                }
                KafkaConfig config = KafkaConfig.fromProps(properties(options, dir, brokerPort, controllerPort), false);
                if (!Files.exists(dir.resolve("meta.properties"))) {
                    format(dir);
                }
                KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
                try {
                    server.startup();
                } catch (RuntimeException e) {
                    shutdownQuietly(server);
                    boolean portsPicked = options.brokerPort() == 0 || options.controllerPort() == 0;
                    if (portsPicked && isBindFailure(e)) {
                        lastBindFailure = e;
                        continue;
                    }
                    throw new IllegalStateException("Kafka broker in " + dir + " did not start", e);
                }
                KafkaBroker broker = new KafkaBroker(server, dir, deleteOnClose, brokerPort, controllerPort,
                        readClusterId(dir), reused, Duration.ofNanos(System.nanoTime() - started));
                try {
                    broker.awaitReady();
                } catch (RuntimeException | Error e) {
                    broker.close();
                    throw e;
                }
                LOG.log(System.Logger.Level.INFO, "Kafka broker {0} started in {1} ms (data {2} in {3}; SLF4J: {4})",
                        broker.bootstrapServers, String.valueOf(broker.startupTime.toMillis()), reused ? "reused" : "formatted", dir,
                        logProvider);
                return broker;
            }
            throw new IllegalStateException("Kafka broker in " + dir + " could not bind free ports", lastBindFailure);
        } catch (RuntimeException | Error e) {
            if (deleteOnClose) {
                deleteQuietly(dir);
            }
            throw e;
        }
    }

    /** {@code localhost:<port>}, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The port the controller listens on (only the broker itself talks to it). */
    public int controllerPort() {
        return controllerPort;
    }

    /** The folder holding the log (a temporary one when none was given). */
    public Path dataDirectory() {
        return dataDirectory;
    }

    /** The cluster id written when the folder was formatted; the same across restarts on one folder. */
    public String clusterId() {
        return clusterId;
    }

    /** Whether this start found an already formatted folder and kept its data. */
    public boolean reusedData() {
        return reusedData;
    }

    /** Wall time from {@link #start} until the broker answered as ready. */
    public Duration startupTime() {
        return startupTime;
    }

    /**
     * Creates the topics that do not exist yet (replication factor 1) and returns once each partition has a
     * leader. Existing topics are fine and left unchanged, even with another partition count.
     */
    public synchronized void createTopics(Map<String, Integer> partitionsByTopic) {
        ensureOpen();
        try {
            KafkaTopics.create(admin(), partitionsByTopic, ADMIN_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Topics " + partitionsByTopic.keySet() + " not ready", e);
        }
    }

    /** Stops the broker and waits until it has stopped; deletes a temporary data folder. Safe to call twice. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        synchronized (this) {
            if (admin != null) {
                admin.close(Duration.ofSeconds(5));
                admin = null;
            }
        }
        shutdownQuietly(server);
        if (deleteOnClose) {
            deleteQuietly(dataDirectory);
        }
    }

    private void awaitReady() {
        try {
            Deadline deadline = Deadline.in(READY_TIMEOUT);
            deadline.await("broker " + bootstrapServers + " to be registered and unfenced", () -> {
                // describeCluster lists only unfenced brokers: once ours is there it takes produce requests.
                var nodes = admin().describeCluster().nodes().get(Math.max(1, deadline.remaining().toMillis()), TimeUnit.MILLISECONDS);
                return nodes.stream().map(Node::id).anyMatch(id -> id == NODE_ID) ? Boolean.TRUE : null;
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the broker", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private synchronized Admin admin() {
        if (admin == null) {
            Map<String, Object> config = new LinkedHashMap<>();
            config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            config.put(AdminClientConfig.CLIENT_ID_CONFIG, "dingrelay-infra-admin");
            config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
            config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
            admin = Admin.create(config);
        }
        return admin;
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("Kafka broker " + bootstrapServers + " is closed");
        }
    }

    /** The broker configuration; package-private so a test can check the single-node defaults. */
    static Properties properties(Options options, Path dir, int brokerPort, int controllerPort) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@localhost:" + controllerPort);
        p.put("listeners", BROKER_LISTENER + "://localhost:" + brokerPort + "," + CONTROLLER_LISTENER + "://localhost:" + controllerPort);
        p.put("advertised.listeners", BROKER_LISTENER + "://localhost:" + brokerPort);
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("inter.broker.listener.name", BROKER_LISTENER);
        p.put("listener.security.protocol.map", BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("log.dirs", dir.toString());
        p.put("num.partitions", String.valueOf(options.numPartitions()));
        p.put("auto.create.topics.enable", "true");
        // One node: every replication factor and min ISR is 1.
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        // Internal topics with few partitions: the first consumer group and transaction start faster.
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("share.coordinator.state.topic.num.partitions", "1");
        // Consumers join at once instead of waiting 3 s for more members.
        p.put("group.initial.rebalance.delay.ms", "0");
        // The log cleaner allocates this on the heap up front (128 MiB by default): too much for a test JVM.
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(4 * 1024 * 1024));
        // Two shared cores: fewer threads than the defaults (3 network, 8 I/O).
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "2");
        p.putAll(options.brokerProperties());
        return p;
    }

    /** Deletes temporary logs of killed JVMs; Kafka holds {@code .lock} in its log folder while it runs. */
    private static void sweepAbandonedTemps() {
        for (Path abandoned : Dirs.abandonedTemps(TEMP_PREFIX, ".lock", Duration.ofMinutes(10))) {
            deleteQuietly(abandoned);
        }
    }

    private static void format(Path dir) {
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setDirectories(List.of(dir.toString()))
                    .setMetadataLogDirectory(dir.toString())
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("Could not format Kafka storage in " + dir, e);
        }
    }

    private static String readClusterId(Path dir) {
        Properties meta = new Properties();
        try (InputStream in = Files.newInputStream(dir.resolve("meta.properties"))) {
            meta.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + dir.resolve("meta.properties"), e);
        }
        return meta.getProperty("cluster.id");
    }

    private static boolean isBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException
                    || (t.getMessage() != null && t.getMessage().contains("Address already in use"))) {
                return true;
            }
        }
        return false;
    }

    private static void shutdownQuietly(KafkaRaftServer server) {
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Kafka broker shutdown failed", e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try {
            Dirs.deleteRecursively(dir);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Could not delete " + dir, e);
        }
    }

    /**
     * How to start the broker.
     *
     * @param dataDirectory     where the log lives; {@code null} for a temporary folder deleted on close
     * @param brokerPort        client port; 0 picks a free one
     * @param controllerPort    KRaft controller port; 0 picks a free one
     * @param numPartitions     {@code num.partitions}: partitions of auto-created topics
     * @param brokerProperties  more broker properties, applied last (they win over the defaults)
     */
    public record Options(Path dataDirectory, int brokerPort, int controllerPort, int numPartitions,
            Map<String, String> brokerProperties) {

        public Options {
            if (numPartitions < 1) {
                throw new IllegalArgumentException("numPartitions must be at least 1, got " + numPartitions);
            }
            brokerProperties = Map.copyOf(brokerProperties);
        }

        /** Temporary folder, free ports, one partition per auto-created topic. */
        public static Options defaults() {
            return new Options(null, 0, 0, 1, Map.of());
        }

        public Options dataDirectory(Path dataDirectory) {
            return new Options(dataDirectory, brokerPort, controllerPort, numPartitions, brokerProperties);
        }

        public Options brokerPort(int brokerPort) {
            return new Options(dataDirectory, brokerPort, controllerPort, numPartitions, brokerProperties);
        }

        public Options controllerPort(int controllerPort) {
            return new Options(dataDirectory, brokerPort, controllerPort, numPartitions, brokerProperties);
        }

        public Options numPartitions(int numPartitions) {
            return new Options(dataDirectory, brokerPort, controllerPort, numPartitions, brokerProperties);
        }

        /** Adds (or replaces) one broker property. */
        public Options brokerProperty(String key, String value) {
            Map<String, String> more = new LinkedHashMap<>(brokerProperties);
            more.put(key, value);
            return new Options(dataDirectory, brokerPort, controllerPort, numPartitions, more);
        }
    }
}
