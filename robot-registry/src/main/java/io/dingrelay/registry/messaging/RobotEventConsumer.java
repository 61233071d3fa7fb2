package io.dingrelay.registry.messaging;

import io.dingrelay.events.robot.RobotEvent;
import io.dingrelay.registry.service.RobotEventApplier;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Applies group and robot lifecycle events from {@code dingtalk.robot-events}, a polled batch per transaction
 * (thousands of events per second instead of one round trip each); see {@link BatchIntake}.
 */
@ApplicationScoped
public class RobotEventConsumer {

    private final BatchIntake intake;
    private final RobotEventApplier applier;

    public RobotEventConsumer(BatchIntake intake, RobotEventApplier applier) {
        this.intake = intake;
        this.applier = applier;
    }

    @Incoming("robot-events")
    public Uni<Void> onBatch(ConsumerRecords<String, String> records) {
        return intake.take("robot-events", records, RobotEvent.class, RobotEventApplier::invalid,
                "dingrelay.registry.robot.events", applier::apply);
    }
}
