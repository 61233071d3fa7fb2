package io.dingrelay.deploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.dingrelay.infra.KafkaBroker;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The images' preflight (deploy/images/preflight/Preflight.java) against a real broker: a topic with fewer partitions
 * than Topics says, or a missing Secret key, stops the container with the reason; a correct deployment passes.
 */
class PreflightTest {

    private static final Path SOURCE = Repo.ROOT.resolve("deploy/images/preflight/Preflight.java");
    private static KafkaBroker broker;

    @BeforeAll
    static void startBroker(@TempDir Path dir) {
        broker = KafkaBroker.start(KafkaBroker.Options.defaults().dataDirectory(dir));
        // As an operator's hand-made topic would be: fewer partitions than Topics' 6.
        broker.createTopics(Map.of("dingtalk.chat-messages", 2, "push.batches", 12));
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void aTopicWithFewerPartitionsThanTopicsStopsTheContainerNamingItAndTheCounts() throws Exception {
        Result r = run(Map.of(), "--topics", "dingtalk.chat-messages=6,push.batches=12");

        assertThat(r.exit).isEqualTo(1);
        assertThat(r.out).contains("NOT READY: topic dingtalk.chat-messages has 2 partitions, events' Topics expects at least 6")
                .doesNotContain("push.batches has");
    }

    @Test
    void aMissingSecretKeyStopsTheContainerNamingTheKeyAndNoValue() throws Exception {
        Result r = run(Map.of("DINGRELAY_ADMIN_TOKEN", "t0ps3cr3t-admin", "DINGRELAY_CRYPTO_ACTIVE_KEY", "k2"),
                "--require-env", "DINGRELAY_ADMIN_TOKEN,QUARKUS_DATASOURCE_PASSWORD", "--topics", "push.batches=12");

        assertThat(r.exit).isEqualTo(1);
        assertThat(r.out).contains("missing QUARKUS_DATASOURCE_PASSWORD").contains("missing DINGRELAY_CRYPTO_KEYS_K2")
                .doesNotContain("t0ps3cr3t-admin").doesNotContain("missing DINGRELAY_ADMIN_TOKEN");
    }

    @Test
    void aCorrectDeploymentPasses() throws Exception {
        Result r = run(Map.of("DINGRELAY_ADMIN_TOKEN", "x", "DINGRELAY_CRYPTO_ACTIVE_KEY", "k1", "DINGRELAY_CRYPTO_KEYS_K1", "y"),
                "--require-env", "DINGRELAY_ADMIN_TOKEN", "--topics", "push.batches=12");

        assertThat(r.out).contains("preflight: ok (1 topics)");
        assertThat(r.exit).isZero();
    }

    private record Result(int exit, String out) {
    }

    /** As run-java.sh runs it, with the broker in KAFKA_BOOTSTRAP_SERVERS and only the given variables set. */
    private static Result run(Map<String, String> env, String... args) throws Exception {
        String classpath = String.join(File.pathSeparator, List.of(jarOf(Admin.class), jarOf(org.slf4j.Logger.class)));
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classpath, SOURCE.toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("--timeout", "60"));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("DINGRELAY_") || k.startsWith("QUARKUS_"));
        pb.environment().putAll(env);
        pb.environment().put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as(out).isTrue();
        return new Result(p.exitValue(), out);
    }

    private static String jarOf(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
