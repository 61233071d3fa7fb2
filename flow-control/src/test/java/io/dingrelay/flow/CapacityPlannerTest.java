package io.dingrelay.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.dingrelay.flow.capacity.Binding;
import io.dingrelay.flow.capacity.CapacityDemand;
import io.dingrelay.flow.capacity.CapacityPlan;
import io.dingrelay.flow.capacity.CapacityPlanner;
import io.dingrelay.flow.config.FlowLimits;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The capacity figures of issue 11 and protocol §8. */
class CapacityPlannerTest {

    static final Instant AT_0850 = Instant.parse("2026-12-02T00:50:00Z"); // 08:50 in Beijing

    @Test
    void threeHundredThousandWebhookGroupsFromOneIpTakeAtLeastTenMinutes() {
        CapacityPlan plan = CapacityPlanner.plan(FlowLimits.defaults(), 1, CapacityDemand.webhooks(300_000), AT_0850);

        assertThat(plan.binding()).isEqualTo(Binding.EGRESS_IP);
        assertThat(plan.dingTalkFloor()).isEqualTo(Duration.ofMinutes(10)); // §8: 300,000 / (10,000 / 20 s)
        // our budget: (300,000 − 180 burst) / (8,820 / 20.25 s) = 688.4 s
        assertThat(plan.minimumDuration()).isGreaterThanOrEqualTo(Duration.ofMinutes(10))
                .isBetween(Duration.ofSeconds(688), Duration.ofSeconds(689));
        assertThat(plan.expectedFinish()).hasValue(AT_0850.plus(plan.minimumDuration()));
        assertThat(plan.quotaExceeded()).isFalse();
    }

    @Test
    void twoEgressAddressesHalveIt() {
        CapacityPlan one = CapacityPlanner.plan(FlowLimits.defaults(), 1, CapacityDemand.webhooks(300_000), AT_0850);
        CapacityPlan two = CapacityPlanner.plan(FlowLimits.defaults(), 2, CapacityDemand.webhooks(300_000), AT_0850);
        assertThat(two.minimumDuration().toMillis()).isCloseTo(one.minimumDuration().toMillis() / 2, org.assertj.core.data.Offset.offset(500L));
        assertThat(two.dingTalkFloor()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void threeHundredThousandOpenApiSendsOverOneAppTakeHours() {
        CapacityPlan plan = CapacityPlanner.plan(FlowLimits.defaults(), 1, CapacityDemand.openApi("epidemic", 300_000), AT_0850);

        assertThat(plan.binding()).isEqualTo(Binding.APP_QPS);
        assertThat(plan.bindingScope()).isEqualTo("app:epidemic");
        // DingTalk's 20 QPS alone: 300,000 / 20 = 4 h 10 min; our 18 QPS budget shaped for any second: 15.45 / s = 5.4 h
        assertThat(plan.minimumDuration()).isGreaterThan(Duration.ofHours(4));
        assertThat(plan.minimumDuration().toMinutes()).isBetween(323L, 324L);
        assertThat(plan.byScope().get("egress-ip")).isLessThan(plan.minimumDuration());
        // DingTalk's own 20 QPS with our shaping (burst 1, 19 / s for any second) and no lease: 4 h 23 min
        FlowLimits published = FlowLimits.lessMargin(0).withApp(FlowLimits.app(20).withLease(Duration.ZERO));
        assertThat(CapacityPlanner.plan(published, 1, CapacityDemand.openApi("epidemic", 300_000), AT_0850).minimumDuration())
                .isBetween(Duration.ofMinutes(263), Duration.ofMinutes(264));
    }

    @Test
    void aRunLargerThanTheQuotaLeftIsBoundByTheQuota() {
        FlowLimits limits = FlowLimits.defaults().withOrgMonthlyQuota(3_000);
        CapacityPlan plan = CapacityPlanner.plan(limits, 1, CapacityDemand.webhooks(1_000).withQuotaUsed(2_500), AT_0850);

        assertThat(plan.binding()).isEqualTo(Binding.MONTHLY_QUOTA);
        assertThat(plan.quotaExceeded()).isTrue();
        assertThat(plan.quotaLeft()).hasValue(500);
        assertThat(plan.sendableInQuota()).isEqualTo(500);
        assertThat(plan.expectedFinish()).isEmpty();

        CapacityPlan fits = CapacityPlanner.plan(limits, 1, CapacityDemand.webhooks(400).withQuotaUsed(2_500), AT_0850);
        assertThat(fits.quotaExceeded()).isFalse();
        assertThat(fits.binding()).isEqualTo(Binding.EGRESS_IP);
        assertThat(fits.minimumDuration()).isEqualTo(FlowLimits.defaults().ip().minimumDurationFor(400));
    }

    @Test
    void severalMessagesPerRobotMakeTheRobotBind() {
        CapacityPlan plan = CapacityPlanner.plan(FlowLimits.defaults(), 1, CapacityDemand.webhooks(100).withMessagesPerRobot(30), AT_0850);
        assertThat(plan.binding()).isEqualTo(Binding.ROBOT);
        // 30 messages: 6 at once, then 12 a minute → 2 minutes
        assertThat(plan.minimumDuration()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void mixedAudienceCountsEveryCallAgainstTheIps() {
        CapacityDemand d = new CapacityDemand(10_000, Map.of("a", 100L, "b", 200L), 1, 0);
        CapacityPlan plan = CapacityPlanner.plan(FlowLimits.defaults(), 1, d, AT_0850);
        assertThat(plan.totalSends()).isEqualTo(10_300);
        assertThat(plan.byScope()).containsKeys("egress-ip", "app:a", "app:b", "robot");
        assertThat(plan.bindingScope()).isEqualTo("egress-ip");
        assertThat(CapacityPlanner.plan(FlowLimits.defaults(), 1, CapacityDemand.webhooks(0), AT_0850).binding()).isEqualTo(Binding.NONE);
    }
}
