package io.dingrelay.gateway;

import static io.dingrelay.gateway.EventCallbackTest.withId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dingrelay.events.Topics;
import io.dingrelay.gateway.support.GatewayTopics;
import io.dingrelay.gateway.support.Http;
import io.dingrelay.gateway.support.StreamSim;
import io.dingrelay.gateway.support.StreamSimulator;
import io.dingrelay.gateway.support.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Stream connection survives DingTalk's side going away: a socket dropped at the TCP level is replaced (a new
 * ticket, after the back-off), and a SYSTEM disconnect is ACKed and answered by connecting anew first; messages and
 * events flow on the new connection.
 */
@QuarkusTest
@WithTestResource(GatewayTopics.class)
@WithTestResource(StreamSimulator.class)
class StreamReconnectTest {

    static final String APP = StreamIngressTest.APP;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    /** Read when the test runs: an injected property would be required by every test class's application start. */
    static String simulatorUrl() {
        return org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue(StreamSimulator.URL_PROPERTY, String.class);
    }

    @TestHTTPResource("/")
    URL base;

    StreamSim sim;
    Http http;

    @BeforeEach
    void connected() {
        sim = new StreamSim(simulatorUrl());
        http = new Http(base.toString());
        StreamIngressTest.awaitConnected(http, sim);
    }

    @Test
    void aDroppedSocketIsReplacedWithANewTicket() {
        String before = (String) sim.openConnections(APP).get(0).get("id");
        long tickets = ((Number) sim.get("/sim/stream").path("tickets.issued")).longValue();
        assertThat(sim.post("/sim/stream/drop", "{\"app\":\"" + APP + "\"}").<Integer>path("dropped")).isEqualTo(1);

        await().atMost(Duration.ofSeconds(60)).until(() -> {
            List<Map<String, Object>> open = sim.openConnections(APP);
            return open.size() == 1 && !before.equals(open.get(0).get("id"));
        });
        assertThat(((Number) sim.get("/sim/stream").path("tickets.issued")).longValue()).isGreaterThan(tickets);
        String[] group = sim.group("after-drop");
        var answer = sim.robotMessage(APP, group[0], "after the drop");
        assertThat(answer.<Integer>path("answer.code")).isEqualTo(200);
        try (TopicReader topics = new TopicReader(bootstrap)) {
            assertThat(withId(topics.readAll(Topics.CHAT_MESSAGES), answer.path("msgId"))).hasSize(1);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/q/health/ready").status() == 200);
        assertThat(http.get("/q/metrics").body()).contains("dingrelay_gateway_stream_reconnects_total{app=\"stream\",reason=\"closed\"}");
    }

    @Test
    void aDisconnectIsAckedAndANewConnectionOpenedBeforeTheOldOneGoes() {
        String before = (String) sim.openConnections(APP).get(0).get("id");
        var bye = sim.post("/sim/stream/disconnect", "{\"app\":\"" + APP + "\"}");
        assertThat(bye.<Integer>path("sent")).isEqualTo(1);
        assertThat(bye.<Integer>path("answers[0].code")).as("the disconnect is ACKed").isEqualTo(200);

        await().atMost(Duration.ofSeconds(60)).until(() -> {
            List<Map<String, Object>> open = sim.openConnections(APP);
            return open.size() == 1 && !before.equals(open.get(0).get("id"));
        });
        // The old socket is closed by the gateway once drained (or by the simulator after its grace).
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            List<Map<String, Object>> all = sim.get("/sim/stream").path("connections");
            return all.stream().noneMatch(c -> before.equals(c.get("id")));
        });
        String[] group = sim.group("after-disconnect");
        var event = sim.event(APP, "chat_update_title", group[0]);
        assertThat(event.<String>path("answer.status")).isEqualTo("SUCCESS");
        assertThat(event.<String>path("answer.connectionId")).isNotEqualTo(before);
        assertThat(http.get("/q/metrics").body())
                .contains("dingrelay_gateway_stream_reconnects_total{app=\"stream\",reason=\"disconnect\"}");
    }
}
