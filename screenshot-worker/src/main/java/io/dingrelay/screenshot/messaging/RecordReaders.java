package io.dingrelay.screenshot.messaging;

import io.dingrelay.messaging.RecordReader;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The worker's {@link RecordReader}: every consumed record counted in {@code dingrelay.screenshot.records{channel,result}}. */
public class RecordReaders {

    static final String METRIC = "dingrelay.screenshot.records";

    @Produces
    @Singleton
    RecordReader recordReader(MeterRegistry meters) {
        return new RecordReader(meters, METRIC);
    }
}
