package io.dingrelay.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.dingrelay.infra.KafkaBrokerTest;
import io.dingrelay.infra.PostgresServerTest;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The Quarkus test resources as Quarkus drives them (init, start, stop, start again for the next application),
 * here on the embedded back-ends. One broker and one database server for the whole JVM.
 */
class ResourcesTest {

    @Test
    void kafkaResourceSharesOneBrokerAcrossStartsAndStops() throws Exception {
        KafkaResource first = new KafkaResource();
        first.init(Map.of("topics", "push.batches:3"));
        long t0 = System.nanoTime();
        Map<String, String> props = first.start();
        System.out.printf("[testkit] KafkaResource first start (embedded broker): %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        String bootstrap = props.get("kafka.bootstrap.servers");
        assertThat(bootstrap).startsWith("localhost:");
        assertThat(KafkaBrokerTest.partitions(bootstrap, "push.batches")).isEqualTo(3);
        first.stop();

        KafkaResource second = new KafkaResource(); // the next application start
        second.init(Map.of());
        assertThat(second.start()).containsEntry("kafka.bootstrap.servers", bootstrap);
        assertThat(KafkaResource.bootstrapServers()).isEqualTo(bootstrap);

        KafkaBrokerTest.produce(bootstrap, "push.batches", List.of("still-up"));
        assertThat(KafkaBrokerTest.consume(bootstrap, "push.batches", 1)).containsExactly("still-up");
    }

    @Test
    void postgresResourceHandsOutDatasourcePropertiesAndCreatesTheDatabase() throws Exception {
        PostgresResource registry = new PostgresResource();
        registry.init(Map.of("database", "registry"));
        long t0 = System.nanoTime();
        Map<String, String> props = registry.start();
        System.out.printf("[testkit] PostgresResource first start (embedded server): %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        int port = Integer.parseInt(props.get("quarkus.datasource.jdbc.url").replaceAll(".*:(\\d+)/.*", "$1"));
        assertThat(props).containsOnly(
                Map.entry("quarkus.datasource.reactive.url", "postgresql://localhost:" + port + "/registry"),
                Map.entry("quarkus.datasource.jdbc.url", "jdbc:postgresql://localhost:" + port + "/registry"),
                Map.entry("quarkus.datasource.username", "postgres"),
                Map.entry("quarkus.datasource.password", "postgres"));
        PostgresServerTest.execute(props.get("quarkus.datasource.jdbc.url"), "CREATE TABLE t (id int)");
        registry.stop();

        PostgresResource plain = new PostgresResource();
        plain.init(Map.of());
        assertThat(plain.start()).containsEntry("quarkus.datasource.jdbc.url", "jdbc:postgresql://localhost:" + port + "/postgres");
        registry.start(); // again: database exists, server is the same
        assertThat(PostgresResource.jdbcUrl("registry")).isEqualTo(props.get("quarkus.datasource.jdbc.url"));
        assertThat(PostgresServerTest.query(PostgresResource.jdbcUrl("registry"), "SELECT count(*) FROM t")).containsExactly("0");

        PostgresResource reactiveOnly = new PostgresResource();
        reactiveOnly.init(Map.of("database", "registry", "jdbc", "false"));
        assertThat(reactiveOnly.start()).containsOnlyKeys("quarkus.datasource.reactive.url", "quarkus.datasource.username",
                "quarkus.datasource.password");
    }
}
