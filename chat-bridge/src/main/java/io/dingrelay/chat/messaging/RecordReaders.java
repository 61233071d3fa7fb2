package io.dingrelay.chat.messaging;

import io.dingrelay.messaging.RecordReader;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * chat-bridge's {@link RecordReader}: every consumed @robot message counted in
 * {@code dingrelay.chat.messages{channel,result}}. The responder counts what became of a readable one in the same
 * counter (Prometheus wants one set of tag keys per name, hence the channel tag there too).
 */
public class RecordReaders {

    /** The counter of consumed messages and their outcomes. */
    public static final String METRIC = "dingrelay.chat.messages";
    /** The one channel chat-bridge consumes (topic {@code dingtalk.chat-messages}). */
    public static final String CHANNEL = "chat-messages";

    @Produces
    @Singleton
    RecordReader recordReader(MeterRegistry meters) {
        return new RecordReader(meters, METRIC);
    }
}
