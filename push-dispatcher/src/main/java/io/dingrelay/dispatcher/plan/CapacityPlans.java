package io.dingrelay.dispatcher.plan;

import io.dingrelay.dispatcher.client.AudienceClient;
import io.dingrelay.dispatcher.config.PushConfig;
import io.dingrelay.dispatcher.persistence.CampaignStore;
import io.dingrelay.dispatcher.service.Campaign;
import io.dingrelay.events.ids.CampaignId;
import io.dingrelay.flow.FlowControl;
import io.dingrelay.flow.capacity.Binding;
import io.dingrelay.flow.capacity.CapacityDemand;
import io.dingrelay.flow.capacity.CapacityPlan;
import io.dingrelay.flow.capacity.CapacityPlanner;
import io.dingrelay.flow.config.FlowLimits;
import io.dingrelay.flow.config.WindowBudget;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The capacity plan of a campaign's run before anything is sent: flow-control's {@link CapacityPlanner} with the
 * dispatcher's own budgets ({@link FlowControl#limits()}, the same the senders enforce) and egress address count.
 *
 * <p><b>Counting the audience.</b> The registry has no count endpoint (robot-registry/README: {@code GET /api/audience}
 * streams entries, {@code GET /api/groups} pages them), so the audience is streamed as the planner streams it and
 * counted on the fly (nothing kept): a 300,000-group audience costs one stream of ~6 s on the registry's side (its
 * README's figure). A {@code GET /api/audience/count?tags=&kind=&groupIds=} answering per kind, app and corp would
 * make this one query.
 *
 * <p><b>The monthly quota</b> is per organisation: the run's sends to each organisation (OpenAPI groups by their corp,
 * webhooks under {@code dingrelay.push.limits.webhook-corp-id} when set) against what is left of its month in the
 * shared bucket ({@link FlowControl#quotaLeft}, one JDBC query each on a worker thread). The durations are computed
 * for the whole run; when an organisation would be exceeded the binding is MONTHLY_QUOTA and there is no expected
 * finish (the run pauses at the quota).
 */
@ApplicationScoped
public class CapacityPlans {

    private final AudienceClient audiences;
    private final CampaignStore campaigns;
    private final FlowControl flow;
    private final PushConfig config;

    public CapacityPlans(AudienceClient audiences, CampaignStore campaigns, FlowControl flow, PushConfig config) {
        this.campaigns = campaigns;
        this.audiences = audiences;
        this.flow = flow;
        this.config = config;
    }

    /**
     * For the run start answer: {@code {"plan": …}} for a run starting now, or {@code {"planError": "…"}} — the run is
     * started either way (a plan is advice, never a reason not to send).
     */
    public Uni<Map<String, Object>> planOrError(CampaignId campaign) {
        return campaigns.find(campaign)
                .chain(c -> c.isEmpty() ? Uni.createFrom().item(Map.<String, Object>of("planError", "campaign not found"))
                        : plan(c.get(), Instant.now()).map(p -> Map.<String, Object>of("plan", p)))
                .onFailure().recoverWithItem(e -> Map.of("planError", "no plan: " + e.getMessage()));
    }

    public Uni<PlanView> plan(Campaign campaign, Instant start) {
        AudienceCount count = new AudienceCount(config.limits().webhookCorpId().orElse(null));
        long began = System.nanoTime();
        return audiences.stream(campaign.audience())
                .invoke(count::add)
                .collect().last()
                .map(x -> (System.nanoTime() - began) / 1_000_000)
                .chain(millis -> quotas(count).map(quota -> view(campaign, start, count, millis, quota)));
    }

    private Uni<List<PlanView.CorpQuota>> quotas(AudienceCount count) {
        OptionalLong limit = flow.limits().orgMonthlyQuota();
        if (limit.isEmpty() || count.byCorp.isEmpty()) {
            List<PlanView.CorpQuota> none = new ArrayList<>();
            count.byCorp.forEach((corp, n) -> none.add(new PlanView.CorpQuota(corp, n, null, null, null, false)));
            return Uni.createFrom().item(none);
        }
        return Uni.createFrom().item(() -> {
            List<PlanView.CorpQuota> out = new ArrayList<>();
            count.byCorp.forEach((corp, n) -> {
                long left = flow.quotaLeft(corp).orElse(limit.getAsLong());
                out.add(new PlanView.CorpQuota(corp, n, limit.getAsLong(), limit.getAsLong() - left, left, n > left));
            });
            return out;
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private PlanView view(Campaign campaign, Instant start, AudienceCount count, long countMillis, List<PlanView.CorpQuota> quota) {
        FlowLimits limits = flow.limits();
        // The durations without the quota (it is per organisation, below); the planner's own quota check is for one org.
        FlowLimits noQuota = new FlowLimits(limits.robot(), limits.ip(), limits.app(), OptionalLong.empty(), limits.quotaChunk());
        int addresses = flow.egressAddresses().size();
        CapacityDemand demand = new CapacityDemand(count.webhooks, count.openApiByApp, 1, 0);
        CapacityPlan plan = CapacityPlanner.plan(noQuota, addresses, demand, start);

        String binding = plan.binding().name();
        String scope = plan.bindingScope();
        Instant finish = plan.expectedFinish().orElse(null);
        boolean exceeded = false;
        for (PlanView.CorpQuota q : quota) {
            if (q.exceeded()) {
                exceeded = true;
                binding = Binding.MONTHLY_QUOTA.name();
                scope = "org-month:" + q.corpId();
                finish = null;
                break;
            }
        }
        Map<String, Long> byKind = new LinkedHashMap<>();
        count.byKind.forEach((k, n) -> byKind.put(k.name(), n));
        Map<String, Double> byScope = new LinkedHashMap<>();
        plan.byScope().forEach((k, d) -> byScope.put(k, seconds(d)));
        var budgets = new PlanView.Budgets(addresses, flow.egressAddresses(), describe(limits.ip()), describe(limits.app()),
                describe(limits.robot()), limits.orgMonthlyQuota().isPresent() ? limits.orgMonthlyQuota().getAsLong() : null);
        return new PlanView(campaign.id().value(), start,
                new PlanView.Audience(count.total, byKind, count.openApiByApp, "registry audience stream (no count endpoint)", countMillis),
                budgets, binding, scope, plan.totalSends(), seconds(plan.minimumDuration()), plan.minimumDuration().toString(), finish,
                seconds(plan.dingTalkFloor()), byScope,
                new PlanView.Quota(limits.orgMonthlyQuota().isPresent(), exceeded, quota));
    }

    /** {@code 9000/PT20S (burst 180, 435.6/s sustained)}. */
    static String describe(WindowBudget b) {
        return b.limit() + "/" + b.window() + " (burst " + b.burst() + ", " + String.format(java.util.Locale.ROOT, "%.1f", b.sustainedPerSecond())
                + "/s sustained)";
    }

    static double seconds(Duration d) {
        return Math.round(d.toNanos() / 1e6) / 1000.0;
    }

}
