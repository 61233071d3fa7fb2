package io.dingrelay.testkit;

/**
 * The Testcontainers back-ends, used only with {@code -Ddingrelay.testkit.containers=true} (or
 * {@code DINGRELAY_TESTKIT_CONTAINERS=true}) where a Docker engine exists. This is the only class that touches
 * Testcontainers, an optional dependency: a service that wants the flag adds {@code org.testcontainers:testcontainers-kafka}
 * and/or {@code testcontainers-postgresql} with test scope. Not run on our machines (no Docker engine there).
 */
final class Containers {

    /** Same broker version as the in-process one and the clients in the Quarkus BOM. */
    static final String KAFKA_IMAGE = System.getProperty("dingrelay.testkit.kafka-image", "apache/kafka:4.1.1");
    /** Same major version as zonky's embedded binaries. */
    static final String POSTGRES_IMAGE = System.getProperty("dingrelay.testkit.postgres-image", "postgres:14-alpine");

    private Containers() {
    }

    /** Starts a Kafka container, stopped when the JVM exits (Testcontainers' Ryuk also removes it); returns its bootstrap servers. */
    static String startKafka() {
        try {
            var kafka = new org.testcontainers.kafka.KafkaContainer(KAFKA_IMAGE);
            kafka.start();
            Runtime.getRuntime().addShutdownHook(new Thread(kafka::stop, "dingrelay-testkit-kafka-container-stop"));
            return kafka.getBootstrapServers();
        } catch (NoClassDefFoundError e) {
            throw missing("testcontainers-kafka", e);
        }
    }

    /** Starts a PostgreSQL container; returns {jdbc url, user, password}. */
    static String[] startPostgres() {
        try {
            var postgres = new org.testcontainers.postgresql.PostgreSQLContainer(POSTGRES_IMAGE)
                    .withDatabaseName("postgres").withUsername("postgres").withPassword("postgres");
            postgres.start();
            Runtime.getRuntime().addShutdownHook(new Thread(postgres::stop, "dingrelay-testkit-postgres-container-stop"));
            return new String[] { postgres.getJdbcUrl(), postgres.getUsername(), postgres.getPassword() };
        } catch (NoClassDefFoundError e) {
            throw missing("testcontainers-postgresql", e);
        }
    }

    private static IllegalStateException missing(String artifact, NoClassDefFoundError e) {
        return new IllegalStateException("dingrelay.testkit.containers=true needs org.testcontainers:" + artifact
                + " on the test classpath (testkit declares it optional)", e);
    }
}
