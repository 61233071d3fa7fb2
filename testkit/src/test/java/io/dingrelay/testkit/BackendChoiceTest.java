package io.dingrelay.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** The env/system-property decisions of the test resources, without touching the real environment. */
class BackendChoiceTest {

    @Test
    void kafkaPrefersAnExternalClusterThenContainersThenEmbedded() {
        assertThat(KafkaResource.choose(Map.of(), Map.of()))
                .isEqualTo(new KafkaResource.Choice(Backend.EMBEDDED, null));
        assertThat(KafkaResource.choose(Map.of("KAFKA_BOOTSTRAP_SERVERS", " ci-kafka:9092 "), Map.of()))
                .isEqualTo(new KafkaResource.Choice(Backend.EXTERNAL, "ci-kafka:9092"));
        assertThat(KafkaResource.choose(Map.of("KAFKA_BOOTSTRAP_SERVERS", "env:9092"), Map.of("kafka.bootstrap.servers", "prop:9092")))
                .as("system property wins over env").isEqualTo(new KafkaResource.Choice(Backend.EXTERNAL, "prop:9092"));
        assertThat(KafkaResource.choose(Map.of("KAFKA_BOOTSTRAP_SERVERS", "  "), Map.of()).backend())
                .as("blank is unset").isEqualTo(Backend.EMBEDDED);
        assertThat(KafkaResource.choose(Map.of("DINGRELAY_TESTKIT_CONTAINERS", "TRUE"), Map.of()).backend())
                .isEqualTo(Backend.CONTAINERS);
        assertThat(KafkaResource.choose(Map.of(), Map.of("dingrelay.testkit.containers", "true")).backend())
                .isEqualTo(Backend.CONTAINERS);
        assertThat(KafkaResource.choose(Map.of("DINGRELAY_TESTKIT_CONTAINERS", "true"), Map.of("dingrelay.testkit.containers", "false")).backend())
                .as("system property wins over env").isEqualTo(Backend.EMBEDDED);
        assertThat(KafkaResource.choose(Map.of("DINGRELAY_TESTKIT_CONTAINERS", "true", "KAFKA_BOOTSTRAP_SERVERS", "k:9092"), Map.of()).backend())
                .as("an explicit cluster wins over the containers flag").isEqualTo(Backend.EXTERNAL);
    }

    @Test
    void topicsInitArgument() {
        assertThat(KafkaResource.parseTopics("push.batches:4, dingtalk.events ,push.outcomes:2"))
                .containsExactly(Map.entry("push.batches", 4), Map.entry("dingtalk.events", 1), Map.entry("push.outcomes", 2));
        assertThat(KafkaResource.parseTopics(null)).isEmpty();
        assertThat(KafkaResource.parseTopics(" ")).isEmpty();
    }

    @Test
    void postgresUsesTheExternalUrlAndDerivesTheReactiveOne() {
        PostgresResource.Choice external = PostgresResource.choose(Map.of(
                "DINGRELAY_TEST_POSTGRES_URL", "jdbc:postgresql://ci-db:5433/dingrelay?sslmode=require&currentSchema=x",
                "DINGRELAY_TEST_POSTGRES_USER", "ci",
                "DINGRELAY_TEST_POSTGRES_PASSWORD", "secret"), Map.of());
        assertThat(external.backend()).isEqualTo(Backend.EXTERNAL);
        PostgresResource.Server server = external.server();
        assertThat(server.user()).isEqualTo("ci");
        assertThat(server.password()).isEqualTo("secret");
        assertThat(server.url().database()).isEqualTo("dingrelay");
        assertThat(server.url().jdbc()).isEqualTo("jdbc:postgresql://ci-db:5433/dingrelay?sslmode=require&currentSchema=x");
        assertThat(server.url().reactive()).isEqualTo("postgresql://ci-db:5433/dingrelay?sslmode=require");
        assertThat(server.url().withDatabase("registry").jdbc())
                .isEqualTo("jdbc:postgresql://ci-db:5433/registry?sslmode=require&currentSchema=x");
        assertThat(server.url().withDatabase("registry").reactive()).isEqualTo("postgresql://ci-db:5433/registry?sslmode=require");

        PostgresResource.Choice defaults = PostgresResource.choose(Map.of("DINGRELAY_TEST_POSTGRES_URL", "jdbc:postgresql://db/"), Map.of());
        assertThat(defaults.server().user()).isEqualTo("postgres");
        assertThat(defaults.server().password()).isEmpty();
        assertThat(defaults.server().url().database()).isEqualTo("postgres");
        assertThat(defaults.server().url().reactive()).isEqualTo("postgresql://db/postgres");

        assertThat(PostgresResource.choose(Map.of("DINGRELAY_TEST_POSTGRES_URL", "jdbc:postgresql://env:5432/a"),
                Map.of("dingrelay.test.postgres.url", "jdbc:postgresql://prop:5432/b")).server().url().hosts())
                .as("system property wins over env").isEqualTo("prop:5432");
    }

    @Test
    void postgresFallsBackToContainersOrEmbedded() {
        assertThat(PostgresResource.choose(Map.of(), Map.of()).backend()).isEqualTo(Backend.EMBEDDED);
        assertThat(PostgresResource.choose(Map.of("DINGRELAY_TESTKIT_CONTAINERS", "true"), Map.of()).backend())
                .isEqualTo(Backend.CONTAINERS);
        assertThatThrownBy(() -> PostgresResource.JdbcUrl.parse("postgresql://db:5432/x"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
