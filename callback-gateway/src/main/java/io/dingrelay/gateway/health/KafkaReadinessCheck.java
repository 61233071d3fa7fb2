package io.dingrelay.gateway.health;

import io.dingrelay.gateway.client.ProducerSettings;
import io.dingrelay.gateway.config.GatewayConfig;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready while the Kafka cluster answers: a gateway that cannot make callbacks durable should receive no traffic (it
 * would only answer 503). Only readiness: liveness stays up during an outage, since restarting the process would not
 * bring the broker back and would drop the records still buffered for it.
 */
@Readiness
@ApplicationScoped
public class KafkaReadinessCheck implements AsyncHealthCheck {

    private final Admin admin;
    private final int timeoutMs;

    KafkaReadinessCheck(@Identifier("default-kafka-broker") Map<String, Object> kafka, GatewayConfig config) {
        this.admin = Admin.create(ProducerSettings.admin(kafka, config.kafka(), "callback-gateway-health"));
        this.timeoutMs = (int) config.kafka().healthTimeout().toMillis();
    }

    @Override
    public Uni<HealthCheckResponse> call() {
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
