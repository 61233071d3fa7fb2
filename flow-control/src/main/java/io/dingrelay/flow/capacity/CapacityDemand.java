package io.dingrelay.flow.capacity;

import java.util.Map;
import java.util.Objects;

/**
 * What a run will send, as the planner needs it.
 *
 * @param webhookTargets      custom-robot webhook targets (one message each)
 * @param openApiTargetsByApp OpenAPI targets per app name (each app has its own QPS budget)
 * @param messagesPerRobot    messages each robot gets in this run (1 for a campaign; more for an alerting burst)
 * @param quotaUsed           metered sends of the organisation this month so far (0 when not known / not enforced)
 */
public record CapacityDemand(long webhookTargets, Map<String, Long> openApiTargetsByApp, int messagesPerRobot, long quotaUsed) {

    public CapacityDemand {
        openApiTargetsByApp = Map.copyOf(Objects.requireNonNull(openApiTargetsByApp, "openApiTargetsByApp"));
        if (webhookTargets < 0 || quotaUsed < 0 || messagesPerRobot < 1 || openApiTargetsByApp.values().stream().anyMatch(n -> n < 0)) {
            throw new IllegalArgumentException("counts must not be negative and messagesPerRobot at least 1");
        }
    }

    public static CapacityDemand webhooks(long targets) {
        return new CapacityDemand(targets, Map.of(), 1, 0);
    }

    public static CapacityDemand openApi(String app, long targets) {
        return new CapacityDemand(0, Map.of(app, targets), 1, 0);
    }

    public CapacityDemand withQuotaUsed(long used) {
        return new CapacityDemand(webhookTargets, openApiTargetsByApp, messagesPerRobot, used);
    }

    public CapacityDemand withMessagesPerRobot(int n) {
        return new CapacityDemand(webhookTargets, openApiTargetsByApp, n, quotaUsed);
    }

    /** Every call the run makes (each one counts against an egress IP and the monthly quota). */
    public long totalSends() {
        return webhookTargets * messagesPerRobot + openApiTargetsByApp.values().stream().mapToLong(Long::longValue).sum();
    }
}
