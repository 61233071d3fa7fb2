package io.dingrelay.registry.messaging;

import io.dingrelay.events.EventJson;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/**
 * Reads the JSON value of a consumed record into its payload type and counts it in
 * {@code dingrelay.registry.records{channel,result}}. A record that cannot be read is logged (where it is, never
 * its value) and skipped: retrying cannot make it readable, and it must not stall its partition.
 */
@ApplicationScoped
public class RecordReader {

    private static final Logger LOG = Logger.getLogger(RecordReader.class);

    private final MeterRegistry meters;

    public RecordReader(MeterRegistry meters) {
        this.meters = meters;
    }

    public <T> Optional<T> read(String channel, ConsumerRecord<String, String> record, Class<T> type) {
        try {
            T payload = EventJson.read(record.value(), type);
            count(channel, "received");
            return Optional.of(payload);
        } catch (UncheckedIOException | IllegalArgumentException | NullPointerException e) {
            count(channel, "malformed");
            LOG.warnf("Skipping malformed %s %s-%d@%d key=%s: %s", type.getSimpleName(), record.topic(),
                    record.partition(), record.offset(), record.key(), e.getMessage());
            return Optional.empty();
        }
    }

    private void count(String channel, String result) {
        meters.counter("dingrelay.registry.records", "channel", channel, "result", result).increment();
    }
}
