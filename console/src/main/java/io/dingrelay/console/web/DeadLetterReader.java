package io.dingrelay.console.web;

import static io.dingrelay.console.client.ServiceClient.enc;
import static io.dingrelay.console.client.ServiceClient.query;

import io.dingrelay.console.client.Answer;
import io.dingrelay.console.client.Service;
import io.dingrelay.console.client.ServiceClient;
import io.dingrelay.console.config.ConsoleConfig;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A run's dead letters (its FAILED and DEAD_LETTERED deliveries) from push-dispatcher's deliveries list: the first
 * rows for the run page, and the count a replay's filters match for its confirmation.
 */
@Singleton
public class DeadLetterReader {

    /** Rows a page of the dispatcher's deliveries list carries at most (its own maximum). */
    static final int SCAN_PAGE = 1000;
    static final int SAMPLE = 50;

    private final ServiceClient client;
    private final ConsoleConfig config;

    public DeadLetterReader(ServiceClient client, ConsoleConfig config) {
        this.client = client;
        this.config = config;
    }

    /**
     * What a replay with {@code filter} would re-send: its count (at most {@code replay-count-max}, {@code capped}
     * beyond), the first {@value #SAMPLE} rows, or the dispatcher's problem.
     */
    public record Matched(long count, boolean capped, List<Object> sample, Answer problem) {
    }

    public Uni<Matched> count(String runId, ReplayFilter filter) {
        Uni<Matched> acc = Uni.createFrom().item(new Matched(0, false, List.of(), null));
        for (String status : filter.statuses()) {
            acc = acc.chain(m -> m.problem() != null || m.capped() ? Uni.createFrom().item(m)
                    : scan(runId, status, null, filter, m));
        }
        return acc;
    }

    private Uni<Matched> scan(String runId, String status, String after, ReplayFilter filter, Matched so) {
        return client.get(Service.DISPATCHER, "/api/runs/" + enc(runId) + "/deliveries"
                        + query("status", status, "after", after, "limit", String.valueOf(SCAN_PAGE)))
                .chain(a -> {
                    if (!a.ok()) {
                        return Uni.createFrom().item(new Matched(so.count(), so.capped(), so.sample(), a));
                    }
                    long count = so.count();
                    List<Object> sample = new ArrayList<>(so.sample());
                    for (Object row : rows(a)) {
                        if (row instanceof Map<?, ?> m && filter.matches(m)) {
                            count++;
                            if (sample.size() < SAMPLE) {
                                sample.add(row);
                            }
                        }
                    }
                    Object next = a.map().get("next");
                    boolean capped = count >= config.replayCountMax();
                    Matched now = new Matched(count, capped, List.copyOf(sample), null);
                    return next == null || capped ? Uni.createFrom().item(now) : scan(runId, status, next.toString(), filter, now);
                });
    }

    /** The first page of each dead-letter status, for the run page; a failed call is the panel's problem. */
    public record FirstPage(List<Object> rows, boolean more, String problem) {
    }

    public Uni<FirstPage> firstPage(String runId) {
        int limit = config.pageSize();
        String base = "/api/runs/" + enc(runId) + "/deliveries";
        return Uni.combine().all().unis(client.get(Service.DISPATCHER, base + query("status", "FAILED", "limit", String.valueOf(limit))),
                        client.get(Service.DISPATCHER, base + query("status", "DEAD_LETTERED", "limit", String.valueOf(limit))))
                .asTuple().map(t -> {
                    for (Answer a : List.of(t.getItem1(), t.getItem2())) {
                        if (!a.ok()) {
                            return new FirstPage(List.of(), false, a.problem());
                        }
                    }
                    List<Object> rows = new ArrayList<>(rows(t.getItem1()));
                    rows.addAll(rows(t.getItem2()));
                    boolean more = t.getItem1().map().get("next") != null || t.getItem2().map().get("next") != null;
                    return new FirstPage(rows, more, null);
                });
    }

    @SuppressWarnings("unchecked")
    static List<Object> rows(Answer a) {
        return a.map().get("deliveries") instanceof List<?> l ? (List<Object>) l : List.of();
    }
}
