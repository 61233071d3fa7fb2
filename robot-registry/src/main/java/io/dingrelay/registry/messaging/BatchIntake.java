package io.dingrelay.registry.messaging;

import io.dingrelay.messaging.RecordReader;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.jboss.logging.Logger;

/**
 * What both consumers do with a polled batch: read each record ({@link RecordReader}: unreadable ones are counted
 * and skipped), skip and count the payloads missing what they need, apply the rest in one go and retry that with
 * back-off on failure (the offsets are committed only once applied).
 */
@ApplicationScoped
public class BatchIntake {

    private static final Logger LOG = Logger.getLogger(BatchIntake.class);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
    private static final int ATTEMPTS = 20;

    private final RecordReader reader;
    private final MeterRegistry meters;

    public BatchIntake(RecordReader reader, MeterRegistry meters) {
        this.reader = reader;
        this.meters = meters;
    }

    /**
     * @param invalid why a payload cannot be applied, or null; counted in {@code metric{result=invalid}}
     * @param apply   applies the valid payloads, completing once they are durable
     */
    public <T> Uni<Void> take(String channel, ConsumerRecords<String, String> records, Class<T> type,
            Function<T, String> invalid, String metric, Function<List<T>, Uni<Void>> apply) {
        List<T> valid = new ArrayList<>(records.count());
        for (ConsumerRecord<String, String> record : records) {
            reader.read(channel, record, type).ifPresent(payload -> {
                String why = invalid.apply(payload);
                if (why == null) {
                    valid.add(payload);
                } else {
                    meters.counter(metric, "result", "invalid").increment();
                    LOG.warnf("Skipping %s %s-%d@%d: %s", type.getSimpleName(), record.topic(), record.partition(),
                            record.offset(), why);
                }
            });
        }
        return apply.apply(valid)
                .onFailure().invoke(e -> LOG.warnf("Applying %d %s records failed, retrying: %s", valid.size(), channel,
                        e.getClass().getSimpleName()))
                .onFailure().retry().withBackOff(FIRST_BACKOFF, MAX_BACKOFF).atMost(ATTEMPTS);
    }
}
