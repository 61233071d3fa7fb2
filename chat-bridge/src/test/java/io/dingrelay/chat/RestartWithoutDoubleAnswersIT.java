package io.dingrelay.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dingrelay.chat.support.DemoApp;
import io.dingrelay.chat.support.SimulatedGroup;
import io.dingrelay.events.Topics;
import io.dingrelay.events.chat.ChatMessage;
import io.dingrelay.testkit.KafkaResource;
import io.dingrelay.testkit.PostgresResource;
import io.dingrelay.testkit.SimulatorResource;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The packaged chat-bridge, killed (SIGKILL, no clean shut-down, offsets of the last records uncommitted) and started
 * again against the same broker and database: the records Kafka redelivers, and a copy of an answered record
 * published again, are not answered a second time.
 */
class RestartWithoutDoubleAnswersIT {

    private static final String DATABASE = "chat_bridge_restart_it";
    private Process chatBridge;

    @AfterEach
    void stop() {
        if (chatBridge != null) {
            chatBridge.destroyForcibly();
        }
    }

    @Test
    void messagesAnsweredBeforeACrashAreNotAnsweredAgainAfterTheRestart() throws Exception {
        String kafka = KafkaResource.bootstrapServers();
        KafkaResource.createTopics(Map.of(Topics.CHAT_MESSAGES, 6));
        PostgresResource.createDatabase(DATABASE);
        String simulator = SimulatorResource.url(DemoApp.SIMULATOR);
        SimulatedGroup g = SimulatedGroup.create(simulator, kafka, "重启群");

        chatBridge = start(kafka, simulator, "first");
        ChatMessage help = g.say("帮助");
        ChatMessage stats = g.say("打卡统计");
        g.awaitReceived(0, r -> SimulatedGroup.text(r).contains("还没有人打卡"));

        chatBridge.destroyForcibly().waitFor();
        chatBridge = start(kafka, simulator, "second");
        g.publish(help, stats); // a redelivery, whatever Kafka itself redelivers
        g.say("打卡 体温36.5 正常");
        g.awaitReceived(0, r -> SimulatedGroup.text(r).contains("打卡成功"));

        List<String> texts = g.received().stream().map(SimulatedGroup::text).toList();
        assertThat(texts).filteredOn(t -> t.contains("我是疫情信息助手")).hasSize(1);
        assertThat(texts).filteredOn(t -> t.contains("还没有人打卡")).hasSize(1);
        assertThat(texts).hasSize(3);
    }

    private static Process start(String kafka, String simulator, String run) throws IOException {
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath();
        int port = io.dingrelay.infra.Ports.free();
        Map<String, String> props = new java.util.LinkedHashMap<>(PostgresResource.properties(DATABASE));
        props.put("quarkus.http.port", String.valueOf(port));
        props.put("kafka.bootstrap.servers", kafka);
        props.put("dingtalk.api-base-url", simulator);
        props.put("dingtalk.oapi-base-url", simulator);
        props.put("dingtalk.apps.demo.app-key", DemoApp.APP_KEY);
        props.put("dingrelay.registry-url", "http://127.0.0.1:1");
        props.put("dingrelay.chat.status.screenshot-url", "http://127.0.0.1:1");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-Xmx256m", "-XX:TieredStopAtLevel=1"));
        props.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.addAll(List.of("-jar", jar.toString()));
        Path log = Path.of("target", "chat-bridge-restart-" + run + ".log");
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        // Secrets in the environment, not on the command line.
        builder.environment().put("DINGTALK_APPS_DEMO_APP_SECRET", DemoApp.APP_SECRET);
        Process p = builder.start();
        HttpClient http = HttpClient.newHttpClient();
        await("chat-bridge " + run + " ready").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() -> {
            if (!p.isAlive()) {
                throw new IllegalStateException("chat-bridge exited; see " + log.toAbsolutePath());
            }
            try {
                return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException notYet) {
                return false;
            }
        });
        return p;
    }
}
