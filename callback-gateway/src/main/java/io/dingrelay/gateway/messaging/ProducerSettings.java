package io.dingrelay.gateway.messaging;

import io.dingrelay.gateway.config.GatewayConfig;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The producer configuration: every {@code kafka.*} key (bootstrap servers, TLS, SASL) with the gateway's settings on
 * top. The durability settings are not negotiable: a callback is acknowledged only once every in-sync replica has
 * its records, and retries never duplicate or reorder them.
 */
public final class ProducerSettings {

    private ProducerSettings() {
    }

    public static Map<String, Object> of(Map<String, Object> kafka, GatewayConfig.Kafka settings, String clientId) {
        Map<String, Object> p = new HashMap<>(kafka);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        // Durable: a success is an answer we can keep.
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.RETRIES_CONFIG, Integer.MAX_VALUE);
        // <= 5 keeps idempotent ordering guarantees per partition.
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, millis(settings.deliveryTimeout().toMillis()));
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, millis(settings.requestTimeout().toMillis()));
        // Sends run on the event loop: never wait for metadata or buffer space, fail at once (503) instead.
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 0);
        p.put(ProducerConfig.LINGER_MS_CONFIG, millis(settings.linger().toMillis()));
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, settings.batchSize());
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, settings.bufferMemory());
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, settings.compression());
        // A topic idle for the default 5 minutes drops out of the metadata cache, and its next send would wait for a
        // metadata round trip (or fail after max.block.ms when the broker is away). Robot lifecycle events can be
        // rarer than that, so keep all three topics' metadata for a day.
        p.put(ProducerConfig.METADATA_MAX_IDLE_CONFIG, 24 * 60 * 60 * 1000);
        return p;
    }

    /** The admin client's configuration (readiness): the same connection settings, no producer keys. */
    public static Map<String, Object> admin(Map<String, Object> kafka, GatewayConfig.Kafka settings, String clientId) {
        Map<String, Object> p = new HashMap<>(kafka);
        p.put("client.id", clientId);
        int timeout = millis(settings.healthTimeout().toMillis());
        p.put("request.timeout.ms", timeout);
        p.put("default.api.timeout.ms", timeout);
        // Fail fast instead of retrying for the default 5 minutes.
        p.put("retries", 0);
        return p;
    }

    private static int millis(long ms) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, ms));
    }
}
