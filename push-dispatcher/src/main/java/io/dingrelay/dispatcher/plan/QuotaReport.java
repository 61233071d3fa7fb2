package io.dingrelay.dispatcher.plan;

import io.dingrelay.dispatcher.config.PushConfig;
import io.dingrelay.dispatcher.persistence.QuotaCorps;
import io.dingrelay.flow.FlowControl;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.OptionalLong;
import java.util.TreeSet;

/**
 * The monthly quota per organisation ({@code GET /api/quota}, issue 11 item 8's read side): used this month, the limit,
 * what is left, whether the warning threshold ({@code dingrelay.push.limits.quota-warning}, 80 %) is reached — from the
 * shared bucket every replica takes from ({@link FlowControl#quotaLeft}), so the figure is the cluster's, not one
 * replica's. "Used" counts tokens replicas hold but have not sent yet (at most {@code quota chunk} per replica and
 * organisation, given back when a replica stops): the conservative side, as the hard stop is.
 *
 * <p>The organisations listed: every one with a bucket this month (any replica sent to it), the configured
 * {@code webhook-corp-id}, and those asked for ({@code ?corpId=}).
 */
@ApplicationScoped
public class QuotaReport {

    private final FlowControl flow;
    private final QuotaCorps corps;
    private final PushConfig config;

    public QuotaReport(FlowControl flow, QuotaCorps corps, PushConfig config) {
        this.flow = flow;
        this.corps = corps;
        this.config = config;
    }

    /** @param enforced whether {@code org-monthly-quota} is set (without it nothing is counted against a quota) */
    public record Report(String month, boolean enforced, Long limit, double warningThreshold, List<Corp> corps) {
    }

    /** @param warning used ≥ threshold × limit; @param exhausted nothing left: runs sending to it pause */
    public record Corp(String corpId, Long used, Long limit, Long left, boolean warning, boolean exhausted) {
    }

    public Uni<Report> report(Collection<String> asked) {
        YearMonth month = YearMonth.now(ZoneOffset.UTC);
        OptionalLong limit = flow.limits().orgMonthlyQuota();
        double threshold = config.limits().quotaWarning();
        return corps.thisMonth(month).chain(known -> {
            TreeSet<String> all = new TreeSet<>(known);
            all.addAll(asked);
            config.limits().webhookCorpId().ifPresent(all::add);
            if (limit.isEmpty()) {
                List<Corp> none = all.stream().map(c -> new Corp(c, null, null, null, false, false)).toList();
                return Uni.createFrom().item(new Report(month.toString(), false, null, threshold, none));
            }
            long quota = limit.getAsLong();
            return Uni.createFrom().item(() -> {
                List<Corp> out = new ArrayList<>();
                for (String corp : all) {
                    long left = flow.quotaLeft(corp).orElse(quota);
                    long used = quota - left;
                    out.add(new Corp(corp, used, quota, left, used >= Math.ceil(quota * threshold), left <= 0));
                }
                return new Report(month.toString(), true, quota, threshold, out);
            }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        });
    }
}
