package io.dingrelay.registry.messaging;

import io.dingrelay.events.robot.RobotEvent;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads group and robot lifecycle events from {@code dingtalk.robot-events}.
 *
 * <p>Today it only logs and acknowledges them; creating, renaming and removing groups from these events comes
 * with the registry's first real issue.
 */
@ApplicationScoped
public class RobotEventConsumer {

    private static final Logger LOG = Logger.getLogger(RobotEventConsumer.class);

    private final RecordReader reader;

    public RobotEventConsumer(RecordReader reader) {
        this.reader = reader;
    }

    @Incoming("robot-events")
    public void onRobotEvent(ConsumerRecord<String, String> record) {
        reader.read("robot-events", record, RobotEvent.class).ifPresent(event ->
                LOG.infof("Robot event %s %s app=%s conversation=%s (not applied yet)",
                        event.eventId(), event.kind(), event.app(), event.conversationId()));
    }
}
