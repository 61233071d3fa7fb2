package io.dingrelay.testkit;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import io.dingrelay.infra.KafkaBroker;
import io.dingrelay.infra.KafkaTopics;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Quarkus test resource handing the application {@code kafka.bootstrap.servers} of one Kafka shared by the
 * whole test JVM.
 *
 * <pre>{@code
 * @QuarkusTestResource(value = KafkaResource.class, restrictToAnnotatedClass = false)
 * }</pre>
 *
 * <p>Where the broker comes from, decided once per JVM:
 * <ol>
 * <li>system property {@code kafka.bootstrap.servers} or environment variable {@code KAFKA_BOOTSTRAP_SERVERS}:
 * that cluster, nothing is started;</li>
 * <li>{@code -Ddingrelay.testkit.containers=true} or {@code DINGRELAY_TESTKIT_CONTAINERS=true}: a Testcontainers
 * Kafka (needs Docker and {@code org.testcontainers:testcontainers-kafka} on the test classpath);</li>
 * <li>otherwise an in-process {@link KafkaBroker} in a temporary folder.</li>
 * </ol>
 * The broker is started at the first use and stopped by a JVM shutdown hook; {@link #stop()} leaves it running,
 * so every test class and every restart of the application reuse it. The running instance is recorded in a
 * system property, so application class loaders that Quarkus creates for other test profiles find it too.
 *
 * <p>Init argument {@code topics}: {@code "push.batches:4,dingtalk.events"} creates those topics (1 partition
 * when no count is given) before the application starts; existing topics are left as they are.
 */
public class KafkaResource implements QuarkusTestResourceLifecycleManager {

    public static final String BOOTSTRAP_PROPERTY = "kafka.bootstrap.servers";
    public static final String BOOTSTRAP_ENV = "KAFKA_BOOTSTRAP_SERVERS";
    /** Where the running instance is recorded (JVM-wide, unlike a static field, which is per class loader). */
    static final String SHARED_PROPERTY = "dingrelay.testkit.kafka.shared-bootstrap-servers";
    /** A string literal is interned JVM-wide: one lock for every class loader's copy of this class. */
    private static final Object LOCK = "io.dingrelay.testkit.KafkaResource.LOCK";
    private static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(60);

    private Map<String, Integer> topics = Map.of();

    @Override
    public void init(Map<String, String> initArgs) {
        topics = parseTopics(initArgs.get("topics"));
    }

    @Override
    public Map<String, String> start() {
        String bootstrap = bootstrapServers();
        if (!topics.isEmpty()) {
            createTopics(topics);
        }
        return Map.of(BOOTSTRAP_PROPERTY, bootstrap);
    }

    /** Leaves the shared broker running for the next application start; a shutdown hook stops it. */
    @Override
    public void stop() {
    }

    /** Bootstrap servers of the shared broker, starting it if no test resource did yet. */
    public static String bootstrapServers() {
        synchronized (LOCK) {
            String shared = System.getProperty(SHARED_PROPERTY);
            if (shared != null) {
                return shared;
            }
            Choice choice = choose(System.getenv(), propertiesAsMap());
            String bootstrap = switch (choice.backend()) {
                case EXTERNAL -> choice.bootstrapServers();
                case CONTAINERS -> Containers.startKafka();
                case EMBEDDED -> startEmbedded();
            };
            System.setProperty(SHARED_PROPERTY, bootstrap);
            return bootstrap;
        }
    }

    /** Creates the missing topics on the shared broker (whatever its back-end) and waits for their leaders. */
    public static void createTopics(Map<String, Integer> partitionsByTopic) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "dingrelay-testkit-topics");
        try (Admin admin = Admin.create(config)) {
            KafkaTopics.create(admin, partitionsByTopic, TOPIC_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Topics " + partitionsByTopic.keySet() + " not ready", e);
        }
    }

    private static String startEmbedded() {
        KafkaBroker broker = KafkaBroker.start(KafkaBroker.Options.defaults());
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "dingrelay-testkit-kafka-stop"));
        return broker.bootstrapServers();
    }

    record Choice(Backend backend, String bootstrapServers) {
    }

    /** The decision, separated from the real environment so it can be tested. */
    static Choice choose(Map<String, String> env, Map<String, String> properties) {
        String external = Backend.firstSet(properties.get(BOOTSTRAP_PROPERTY), env.get(BOOTSTRAP_ENV));
        if (external != null) {
            return new Choice(Backend.EXTERNAL, external);
        }
        if (Backend.containersRequested(env, properties)) {
            return new Choice(Backend.CONTAINERS, null);
        }
        return new Choice(Backend.EMBEDDED, null);
    }

    /** {@code "a:4, b"} to {a=4, b=1}. */
    static Map<String, Integer> parseTopics(String spec) {
        Map<String, Integer> topics = new LinkedHashMap<>();
        if (spec == null || spec.isBlank()) {
            return topics;
        }
        for (String entry : spec.split(",")) {
            String e = entry.trim();
            if (e.isEmpty()) {
                continue;
            }
            int colon = e.lastIndexOf(':');
            if (colon < 0) {
                topics.put(e, 1);
            } else {
                topics.put(e.substring(0, colon).trim(), Integer.parseInt(e.substring(colon + 1).trim()));
            }
        }
        return topics;
    }

    static Map<String, String> propertiesAsMap() {
        Map<String, String> map = new LinkedHashMap<>();
        System.getProperties().stringPropertyNames().forEach(k -> map.put(k, System.getProperty(k)));
        return map;
    }
}
