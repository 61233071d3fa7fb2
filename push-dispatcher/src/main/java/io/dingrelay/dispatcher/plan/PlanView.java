package io.dingrelay.dispatcher.plan;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The capacity plan (容量评估) of a campaign's next run, as {@code GET /api/campaigns/{id}/plan} and the run start answer
 * show it. Durations are in seconds (and ISO-8601 in {@code minimumDuration}).
 *
 * @param audience           targets per kind ({@code CUSTOM_WEBHOOK}, {@code ENTERPRISE_ROBOT}, {@code COOL_APP}), per
 *                           OpenAPI app, in total; and how they were counted
 * @param budgets            the budgets the plan is computed with (ours: DingTalk's limits less the safety margin)
 * @param binding            EGRESS_IP, APP_QPS, ROBOT, MONTHLY_QUOTA or NONE
 * @param bindingScope       {@code egress-ip}, {@code app:<name>}, {@code robot}, {@code org-month:<corp>}
 * @param minimumDurationSeconds the least time our budgets allow for every send of the run
 * @param expectedFinish     start + minimum duration; null when the monthly quota stops the run first
 * @param dingTalkFloorSeconds   DingTalk's own floor for the egress part (its published per-IP figure, no margin)
 * @param byScopeSeconds     the minimum duration each limit alone imposes
 * @param quota              the monthly quota per organisation: enforced or not, exceeded by this run or not
 */
public record PlanView(String campaignId, Instant start, Audience audience, Budgets budgets, String binding, String bindingScope,
                       long totalSends, double minimumDurationSeconds, String minimumDuration, Instant expectedFinish,
                       double dingTalkFloorSeconds, Map<String, Double> byScopeSeconds, Quota quota) {

    public record Audience(long total, Map<String, Long> byKind, Map<String, Long> openApiByApp, String countedBy, long countMillis) {
    }

    public record Budgets(int egressAddresses, List<String> egress, String ip, String app, String robot, Long orgMonthlyQuota) {
    }

    /** @param exceeded whether this run would exceed any organisation's quota left (then the run pauses at the quota) */
    public record Quota(boolean enforced, boolean exceeded, List<CorpQuota> byCorp) {
    }

    /** One organisation: the run's sends to it, the quota used this month, what is left, whether the run exceeds it. */
    public record CorpQuota(String corpId, long sends, Long limit, Long used, Long left, boolean exceeded) {
    }
}
