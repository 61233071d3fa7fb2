package io.dingrelay.dispatcher.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

/**
 * The organisations that have a monthly quota bucket this month: the keys {@code org:<corpId>:<yyyy-MM>} of
 * flow-control's shared table ({@code flow_control_buckets}, FlowControlSchema), i.e. every organisation any replica
 * sent to this month. Read-only; the buckets themselves are flow-control's.
 */
@ApplicationScoped
public class QuotaCorps {

    private final Pool pool;

    public QuotaCorps(Pool pool) {
        this.pool = pool;
    }

    public Uni<List<String>> thisMonth(YearMonth month) {
        String suffix = ":" + month;
        return pool.preparedQuery("SELECT id FROM flow_control_buckets WHERE id LIKE 'org:%' AND right(id, $1) = $2 ORDER BY id")
                .execute(Tuple.of(suffix.length(), suffix))
                .map(rows -> {
                    List<String> out = new ArrayList<>();
                    rows.forEach(r -> {
                        String id = r.getString("id");
                        out.add(id.substring("org:".length(), id.length() - suffix.length()));
                    });
                    return out;
                })
                // No table yet (no send made through the shared store): no organisation has used anything.
                .onFailure().recoverWithItem(List.of());
    }
}
