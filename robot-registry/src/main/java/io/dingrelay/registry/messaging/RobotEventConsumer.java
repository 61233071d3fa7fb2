package io.dingrelay.registry.messaging;

import io.dingrelay.events.robot.RobotEvent;
import io.dingrelay.registry.service.RobotEventApplier;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Applies group and robot lifecycle events from {@code dingtalk.robot-events}, a polled batch at a time (one
 * transaction per batch: thousands of events per second instead of one round trip each). Unreadable records and
 * events missing what their kind needs are logged, counted and skipped; a database failure retries the batch
 * with back-off (the offsets are committed only once it is applied).
 */
@ApplicationScoped
public class RobotEventConsumer {

    private static final Logger LOG = Logger.getLogger(RobotEventConsumer.class);

    private final RecordReader reader;
    private final RobotEventApplier applier;
    private final MeterRegistry meters;

    public RobotEventConsumer(RecordReader reader, RobotEventApplier applier, MeterRegistry meters) {
        this.reader = reader;
        this.applier = applier;
        this.meters = meters;
    }

    @Incoming("robot-events")
    public Uni<Void> onBatch(ConsumerRecords<String, String> records) {
        List<RobotEvent> events = new ArrayList<>(records.count());
        for (ConsumerRecord<String, String> record : records) {
            reader.read("robot-events", record, RobotEvent.class).ifPresent(event -> {
                String invalid = RobotEventApplier.invalid(event);
                if (invalid != null) {
                    meters.counter("dingrelay.registry.robot.events", "result", "invalid").increment();
                    LOG.warnf("Skipping robot event %s-%d@%d: %s", record.topic(), record.partition(), record.offset(),
                            invalid);
                } else {
                    events.add(event);
                }
            });
        }
        return applier.apply(events)
                .onFailure().invoke(e -> LOG.warnf("Applying %d robot events failed, retrying: %s", events.size(),
                        e.getClass().getSimpleName()))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).atMost(20);
    }
}
