package io.dingrelay.flow.capacity;

import io.dingrelay.flow.config.FlowLimits;
import io.dingrelay.flow.config.WindowBudget;
import io.dingrelay.protocol.DingTalkLimits;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Which limit binds a run and how long it takes at least, from the same budgets {@code FlowControl} enforces: pure
 * arithmetic, no I/O.
 *
 * <ul>
 *   <li>egress IPs: every call (webhook and OpenAPI) spends one token of one IP; the calls are spread evenly over the
 *       addresses, each with {@link WindowBudget#minimumDurationFor};</li>
 *   <li>apps: each app's OpenAPI targets at its QPS budget;</li>
 *   <li>robots: only binds when a run sends a robot more messages than its burst;</li>
 *   <li>monthly quota: exceeded when the quota left is smaller than the run; the run then stops at the quota and has no
 *       expected finish.</li>
 * </ul>
 * The binding limit is the one with the longest duration (ties in the order above); the expected finish assumes the
 * senders keep every budget busy, which the benchmark measures (issue 11: within 10 %).
 */
public final class CapacityPlanner {

    private CapacityPlanner() {
    }

    public static CapacityPlan plan(FlowLimits limits, int egressAddresses, CapacityDemand demand, Instant start) {
        if (egressAddresses < 1) {
            throw new IllegalArgumentException("egressAddresses must be at least 1, was " + egressAddresses);
        }
        long total = demand.totalSends();
        Map<String, Duration> byScope = new LinkedHashMap<>();
        long perAddress = (total + egressAddresses - 1) / egressAddresses;
        byScope.put("egress-ip", limits.ip().minimumDurationFor(perAddress));
        demand.openApiTargetsByApp().forEach((app, n) -> byScope.put("app:" + app, limits.app().minimumDurationFor(n)));
        if (demand.webhookTargets() > 0) {
            byScope.put("robot", limits.robot().minimumDurationFor(demand.messagesPerRobot()));
        }

        Binding binding = total == 0 ? Binding.NONE : Binding.EGRESS_IP;
        String scope = total == 0 ? "none" : "egress-ip";
        Duration longest = byScope.get("egress-ip");
        for (Map.Entry<String, Duration> e : byScope.entrySet()) {
            if (e.getValue().compareTo(longest) > 0) {
                longest = e.getValue();
                scope = e.getKey();
                binding = e.getKey().startsWith("app:") ? Binding.APP_QPS : Binding.ROBOT;
            }
        }

        OptionalLong quotaLeft = OptionalLong.empty();
        boolean exceeded = false;
        long sendable = total;
        if (limits.orgMonthlyQuota().isPresent()) {
            long left = Math.max(0, limits.orgMonthlyQuota().getAsLong() - demand.quotaUsed());
            quotaLeft = OptionalLong.of(left);
            exceeded = total > left;
            sendable = Math.min(total, left);
            if (exceeded) {
                binding = Binding.MONTHLY_QUOTA;
                scope = "org-month";
            }
        }
        return new CapacityPlan(binding, scope, total, longest, exceeded ? Optional.empty() : Optional.of(start.plus(longest)),
                dingTalkFloor(total, egressAddresses), java.util.Collections.unmodifiableMap(byScope), quotaLeft, exceeded, sendable);
    }

    /**
     * The least time DingTalk's published per-IP limit allows for {@code calls} from {@code egressAddresses} addresses:
     * {@code calls / addresses / (IP_CALLS_PER_WINDOW / IP_WINDOW)}.
     */
    public static Duration dingTalkFloor(long calls, int egressAddresses) {
        double perSecond = DingTalkLimits.IP_CALLS_PER_WINDOW / (DingTalkLimits.IP_WINDOW.toNanos() / 1e9) * egressAddresses;
        return Duration.ofNanos((long) Math.ceil(calls / perSecond * 1e9));
    }
}
