package io.dingrelay.registry.messaging;

import io.dingrelay.messaging.RecordReader;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The registry's {@link RecordReader}: every consumed record counted in {@code dingrelay.registry.records{channel,result}}. */
public class RecordReaders {

    static final String METRIC = "dingrelay.registry.records";

    @Produces
    @Singleton
    RecordReader recordReader(MeterRegistry meters) {
        return new RecordReader(meters, METRIC);
    }
}
