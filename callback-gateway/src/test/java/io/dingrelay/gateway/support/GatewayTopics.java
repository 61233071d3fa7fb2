package io.dingrelay.gateway.support;

import io.dingrelay.events.Topics;
import io.dingrelay.testkit.KafkaResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * The shared test broker (testkit {@link KafkaResource}) with the gateway's three topics created before the
 * application starts, at their production partition counts so keys really spread.
 */
public class GatewayTopics implements QuarkusTestResourceLifecycleManager {

    public static final Map<String, Integer> TOPICS = Map.of(
            Topics.DINGTALK_EVENTS, Topics.INGRESS_PARTITIONS,
            Topics.ROBOT_EVENTS, Topics.INGRESS_PARTITIONS,
            Topics.CHAT_MESSAGES, Topics.INGRESS_PARTITIONS);

    @Override
    public Map<String, String> start() {
        String bootstrap = KafkaResource.bootstrapServers();
        KafkaResource.createTopics(TOPICS);
        return Map.of(KafkaResource.BOOTSTRAP_PROPERTY, bootstrap);
    }

    @Override
    public void stop() {
        // The shared broker outlives the application (testkit stops it at JVM exit).
    }
}
