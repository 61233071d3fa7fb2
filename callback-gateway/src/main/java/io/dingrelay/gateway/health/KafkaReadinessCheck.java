package io.dingrelay.gateway.health;

import io.dingrelay.gateway.messaging.KafkaRecordPublisher;
import io.dingrelay.gateway.messaging.ProducerSettings;
import io.dingrelay.gateway.config.GatewayConfig;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready while the Kafka cluster answers and the producer has the metadata of the gateway's topics: a gateway that cannot make callbacks durable should receive no traffic (it
 * would only answer 503). Only readiness: liveness stays up during an outage, since restarting the process would not
 * bring the broker back and would drop the records still buffered for it.
 */
@Readiness
@ApplicationScoped
public class KafkaReadinessCheck implements AsyncHealthCheck {

    private final Admin admin;
    private final int timeoutMs;
    private final Instance<KafkaRecordPublisher> publisher;

    KafkaReadinessCheck(@Identifier("default-kafka-broker") Map<String, Object> kafka, GatewayConfig config,
            Instance<KafkaRecordPublisher> publisher) {
        this.admin = Admin.create(ProducerSettings.admin(kafka, config.kafka(), "callback-gateway-health"));
        this.timeoutMs = (int) config.kafka().healthTimeout().toMillis();
        this.publisher = publisher;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        if (publisher.isResolvable() && !publisher.get().metadataReady()) {
            // Sends never wait for metadata (max.block.ms=0): until it is cached they could only be refused.
            return Uni.createFrom().item(HealthCheckResponse.named("kafka").down()
                    .withData("reason", "topic metadata not cached yet").build());
        }
        return Uni.createFrom()
                .completionStage(() -> admin.describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMs))
                        .nodes().toCompletionStage())
                .map(nodes -> HealthCheckResponse.named("kafka")
                        .status(!nodes.isEmpty())
                        .withData("brokers", nodes.size())
                        .build())
                .onFailure().recoverWithItem(failure -> HealthCheckResponse.named("kafka")
                        .down()
                        .withData("reason", failure.getClass().getSimpleName())
                        .build());
    }

    @PreDestroy
    void close() {
        admin.close(java.time.Duration.ofSeconds(1));
    }
}
