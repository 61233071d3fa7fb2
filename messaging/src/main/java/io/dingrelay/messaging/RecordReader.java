package io.dingrelay.messaging;

import io.dingrelay.events.EventJson;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/**
 * Reads the JSON value of a consumed record into its payload type and counts it in {@code <metricName>{channel,result}}
 * ({@code result} = {@value #RECEIVED} or {@value #MALFORMED}). A record that cannot be read is logged (topic,
 * partition, offset, key and why; never its value, which may hold a sessionWebhook or credentials) and skipped:
 * retrying cannot make it readable, and it must not stall its partition.
 *
 * <p>Not a CDI bean itself (the metric name differs per service); a service produces one, e.g.
 * <pre>{@code
 * @Produces @Singleton
 * RecordReader recordReader(MeterRegistry meters) {
 *     return new RecordReader(meters, "dingrelay.dispatcher.records");
 * }
 * }</pre>
 */
public final class RecordReader {

    /** The {@code result} tag of a record read into its payload. */
    public static final String RECEIVED = "received";
    /** The {@code result} tag of a record skipped because it could not be read. */
    public static final String MALFORMED = "malformed";

    private static final Logger LOG = Logger.getLogger(RecordReader.class);

    private final MeterRegistry meters;
    private final String metricName;

    /**
     * @param metricName the counter's name, e.g. {@code dingrelay.registry.records}
     */
    public RecordReader(MeterRegistry meters, String metricName) {
        this.meters = Objects.requireNonNull(meters, "meters");
        if (metricName == null || metricName.isBlank()) {
            throw new IllegalArgumentException("metricName must be set");
        }
        this.metricName = metricName;
    }

    /** The counter's name. */
    public String metricName() {
        return metricName;
    }

    /**
     * The payload, or empty (counted {@value #MALFORMED}, logged) when the value is missing, not JSON, or not a
     * {@code type} (including a record constructor refusing it).
     */
    public <T> Optional<T> read(String channel, ConsumerRecord<String, String> record, Class<T> type) {
        return read(channel, record, type, payload -> {
        });
    }

    /**
     * As {@link #read(String, ConsumerRecord, Class)}, with one more check of the parsed payload: {@code check}
     * throws {@link IllegalArgumentException} (or {@link NullPointerException}) naming what is wrong, e.g. a required
     * id that the JSON left out, and the record is then skipped as malformed too.
     */
    public <T> Optional<T> read(String channel, ConsumerRecord<String, String> record, Class<T> type,
            Consumer<? super T> check) {
        try {
            T payload = EventJson.read(record.value(), type);
            check.accept(payload);
            count(channel, RECEIVED);
            return Optional.of(payload);
        } catch (UncheckedIOException | IllegalArgumentException | NullPointerException e) {
            count(channel, MALFORMED);
            LOG.warnf("Skipping malformed %s %s-%d@%d key=%s: %s", type.getSimpleName(), record.topic(),
                    record.partition(), record.offset(), record.key(), e.getMessage());
            return Optional.empty();
        }
    }

    private void count(String channel, String result) {
        meters.counter(metricName, "channel", channel, "result", result).increment();
    }
}
