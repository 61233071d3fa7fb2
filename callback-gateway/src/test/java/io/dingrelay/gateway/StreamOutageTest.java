package io.dingrelay.gateway;

import static io.dingrelay.gateway.EventCallbackTest.withId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dingrelay.events.Topics;
import io.dingrelay.gateway.support.DedicatedBroker;
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
import org.junit.jupiter.api.Test;

/**
 * Kafka goes away while Stream events arrive: they are answered LATER (never SUCCESS before durable), DingTalk (the
 * simulator) redelivers them, and once the broker is back the event is ACKed SUCCESS and is in Kafka exactly once.
 */
@QuarkusTest
@WithTestResource(DedicatedBroker.class)
@WithTestResource(StreamSimulator.class)
class StreamOutageTest {

    static final String APP = StreamIngressTest.APP;

    /** Read when the test runs: an injected property would be required by every test class's application start. */
    static String simulatorUrl() {
        return org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue(StreamSimulator.URL_PROPERTY, String.class);
    }

    @TestHTTPResource("/")
    URL base;

    @Test
    void anEventAnsweredLaterWhileKafkaIsDownLandsExactlyOnceAfterItReturns() {
        StreamSim sim = new StreamSim(simulatorUrl());
        Http http = new Http(base.toString());
        StreamIngressTest.awaitConnected(http, sim);
        String[] group = sim.group("outage");
        assertThat(sim.event(APP, "chat_update_title", group[0]).<String>path("answer.status")).isEqualTo("SUCCESS");

        DedicatedBroker.stopBroker();
        var during = sim.event(APP, "chat_disband", group[0]);
        String eventId = during.path("eventId");
        assertThat(during.<Integer>path("answer.code")).isEqualTo(200);
        assertThat(during.<String>path("answer.status")).as("not durable: DingTalk must deliver it again").isEqualTo("LATER");
        // Redelivered, and still not SUCCESS while the broker is away.
        await().atMost(Duration.ofSeconds(60)).until(() -> sim.get("/sim/stream/events/" + eventId).<Integer>path("deliveries") >= 2);
        assertThat(sim.get("/sim/stream/events/" + eventId).<Boolean>path("settled")).isFalse();

        DedicatedBroker.restartBroker();
        await().atMost(Duration.ofSeconds(120)).until(() -> sim.get("/sim/stream/events/" + eventId).<Boolean>path("settled"));
        var history = sim.get("/sim/stream/events/" + eventId);
        List<Map<String, Object>> answers = history.path("answers");
        assertThat(answers).extracting(a -> a.get("status")).contains("LATER").last().isEqualTo("SUCCESS");
        assertThat(answers).extracting(a -> a.get("status")).filteredOn("SUCCESS"::equals).hasSize(1);
        try (TopicReader topics = new TopicReader(DedicatedBroker.bootstrapServers())) {
            assertThat(withId(topics.readAll(Topics.DINGTALK_EVENTS), eventId)).as("exactly once").hasSize(1);
            assertThat(withId(topics.readAll(Topics.ROBOT_EVENTS), eventId)).hasSize(1);
        }
        System.out.printf("StreamOutageTest: event %s delivered %s times: %s%n", eventId, history.path("deliveries"),
                answers.stream().map(a -> a.get("outcome") + "/" + a.get("status")).toList());
    }
}
