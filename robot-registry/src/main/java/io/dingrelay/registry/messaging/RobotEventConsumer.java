package io.dingrelay.registry.messaging;

import io.dingrelay.events.EventJson;
import io.dingrelay.events.robot.RobotEvent;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads group and robot lifecycle events from {@code dingtalk.robot-events}.
 *
 * <p>Today it only logs and acknowledges them; creating, renaming and removing groups from these events comes
 * with the registry's first real issue. A malformed record is logged and skipped rather than retried forever,
 * so one bad producer cannot stall a partition.
 */
@ApplicationScoped
public class RobotEventConsumer {

    private static final Logger LOG = Logger.getLogger(RobotEventConsumer.class);

    private final MeterRegistry meters;

    public RobotEventConsumer(MeterRegistry meters) {
        this.meters = meters;
    }

    @Incoming("robot-events")
    public void onRobotEvent(ConsumerRecord<String, String> record) {
        RobotEvent event;
        try {
            event = EventJson.read(record.value(), RobotEvent.class);
        } catch (UncheckedIOException | IllegalArgumentException | NullPointerException e) {
            count("malformed");
            LOG.warnf("Skipping malformed robot event %s: %s", RecordDescription.of(record), e.getMessage());
            return;
        }
        count("received");
        LOG.infof("Robot event %s %s app=%s conversation=%s (not applied yet)",
                event.eventId(), event.kind(), event.app(), event.conversationId());
    }

    private void count(String result) {
        meters.counter("dingrelay.registry.records", "channel", "robot-events", "result", result).increment();
    }
}
