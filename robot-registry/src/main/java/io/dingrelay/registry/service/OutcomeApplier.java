package io.dingrelay.registry.service;

import io.dingrelay.events.Topics;
import io.dingrelay.events.push.DeliveryOutcome;
import io.dingrelay.registry.config.RegistryConfig;
import io.dingrelay.registry.persistence.HealthSql;
import io.dingrelay.registry.persistence.ProcessedEvents;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Applies a batch of delivery outcomes in one transaction: claims {@code runId:groupId:attempt} (a repeated
 * outcome changes nothing), folds each group's outcomes in time order with {@link OutcomePolicy}, writes back.
 */
@ApplicationScoped
public class OutcomeApplier {

    private static final Logger LOG = Logger.getLogger(OutcomeApplier.class);

    private final Pool pool;
    private final ProcessedEvents processed;
    private final HealthSql health;
    private final RegistryConfig config;
    private final MeterRegistry meters;

    public OutcomeApplier(Pool pool, ProcessedEvents processed, HealthSql health, RegistryConfig config,
            MeterRegistry meters) {
        this.pool = pool;
        this.processed = processed;
        this.health = health;
        this.config = config;
        this.meters = meters;
    }

    /** The idempotency key of an outcome. */
    public static String idOf(DeliveryOutcome o) {
        return "outcome:" + o.runId().value() + ":" + o.groupId().value() + ":" + o.attempt();
    }

    public static String invalid(DeliveryOutcome o) {
        if (o.runId() == null) {
            return "runId missing";
        }
        if (o.groupId() == null) {
            return "groupId missing";
        }
        if (o.status() == null) {
            return "status missing";
        }
        return o.at() == null ? "at missing" : null;
    }

    public Uni<Void> apply(List<DeliveryOutcome> outcomes) {
        if (outcomes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Map<String, DeliveryOutcome> byId = new LinkedHashMap<>();
        outcomes.forEach(o -> byId.putIfAbsent(idOf(o), o));
        int repeats = outcomes.size() - byId.size();
        return pool.withTransaction(conn -> processed.claim(conn, List.copyOf(byId.keySet()), Topics.PUSH_OUTCOMES)
                .flatMap(fresh -> {
                    count("duplicate", byId.size() - fresh.size() + repeats);
                    List<DeliveryOutcome> todo = new ArrayList<>(byId.values().stream()
                            .filter(o -> fresh.contains(idOf(o))).toList());
                    if (todo.isEmpty()) {
                        return Uni.createFrom().voidItem();
                    }
                    todo.sort(Comparator.comparing(DeliveryOutcome::at));
                    List<String> ids = todo.stream().map(o -> o.groupId().value()).distinct().toList();
                    return health.load(conn, ids).flatMap(states -> {
                        for (DeliveryOutcome o : todo) {
                            HealthState s = states.get(o.groupId().value());
                            if (s == null) {
                                count("unknown_group", 1);
                                LOG.debugf("Outcome for unknown group %s (run %s)", o.groupId(), o.runId());
                                continue;
                            }
                            OutcomePolicy.Result r = OutcomePolicy.apply(s, o, config.failureWindow());
                            count(r.name().toLowerCase(), 1);
                            if (r == OutcomePolicy.Result.DISABLED_PERMANENT || r == OutcomePolicy.Result.DISABLED_WINDOW) {
                                LOG.infof("Group %s disabled: %s (run %s attempt %d)", s.id, s.statusReason,
                                        o.runId(), o.attempt());
                            }
                        }
                        return health.write(conn, states.values().stream().filter(s -> s.changed).toList());
                    });
                }));
    }

    private void count(String result, int n) {
        if (n > 0) {
            meters.counter("dingrelay.registry.outcomes", "result", result).increment(n);
        }
    }
}
