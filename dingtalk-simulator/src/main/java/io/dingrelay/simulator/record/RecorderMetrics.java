package io.dingrelay.simulator.record;

import io.dingrelay.simulator.group.GroupStore;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** The run's counters on {@code /q/metrics}, read from the Recorder when scraped (nothing extra on the hot path). */
@ApplicationScoped
public class RecorderMetrics {

    @Produces
    @ApplicationScoped
    MeterBinder simulatorMeters(Recorder recorder, GroupStore groups) {
        return registry -> bind(registry, recorder, groups);
    }

    private static void bind(MeterRegistry registry, Recorder recorder, GroupStore groups) {
        FunctionCounter.builder("simulator.messages.accepted", recorder, Recorder::acceptedTotal)
                .description("messages groups received in this run").register(registry);
        FunctionCounter.builder("simulator.messages.rejected", recorder, Recorder::rejectedTotal)
                .description("calls answered with a DingTalk error in this run").register(registry);
        FunctionCounter.builder("simulator.messages.duplicates", recorder, r -> r.duplicatesByUuid() + r.duplicatesByBody())
                .description("messages a group was shown again (same body, or a msgUuid repeated where DingTalk does not honour it)").register(registry);
        FunctionCounter.builder("simulator.messages.absorbed", recorder, Recorder::absorbedTotal)
                .description("webhook re-sends of a msgUuid the group already had: answered errcode 0, not shown again").register(registry);
        Gauge.builder("simulator.groups", groups, GroupStore::size).description("groups").register(registry);
    }
}
