package io.dingrelay.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dingrelay.flow.config.FlowLimits;
import io.dingrelay.flow.config.LimitsConfig;
import io.dingrelay.flow.config.WindowBudget;
import io.dingrelay.protocol.DingTalkLimits;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class FlowLimitsTest {

    @Test
    void defaultsAreDingTalksPublishedLimitsLessTenPercent() {
        FlowLimits l = FlowLimits.defaults();
        assertThat(l.robot().limit()).isEqualTo((int) (DingTalkLimits.ROBOT_MESSAGES_PER_MINUTE * 0.9)).isEqualTo(18);
        assertThat(l.ip().limit()).isEqualTo((int) (DingTalkLimits.IP_CALLS_PER_WINDOW * 0.9)).isEqualTo(9000);
        assertThat(l.ip().window()).isEqualTo(DingTalkLimits.IP_WINDOW);
        assertThat(l.app().limit()).isEqualTo((int) (DingTalkLimits.APP_QPS * 0.9)).isEqualTo(18);
        assertThat(l.orgMonthlyQuota()).isEmpty();
    }

    @Test
    void everyShapeLetsAtMostItsLimitThroughAnyWindowEvenWithTokensUsedALeaseLate() {
        for (WindowBudget b : new WindowBudget[] {FlowLimits.defaults().robot(), FlowLimits.defaults().ip(), FlowLimits.defaults().app()}) {
            // burst + rate × (window + lease) = limit: the bound of WindowBudget's comment
            double worst = b.burst() + b.sustainedPerSecond() * (b.window().plus(b.lease()).toNanos() / 1e9);
            assertThat(worst).isCloseTo(b.limit(), org.assertj.core.data.Offset.offset(1e-6));
        }
        assertThat(FlowLimits.defaults().ip().sustainedPerSecond()).isCloseTo(435.56, org.assertj.core.data.Offset.offset(0.01));
        assertThat(FlowLimits.defaults().app().sustainedPerSecond()).isCloseTo(15.45, org.assertj.core.data.Offset.offset(0.01));
        assertThat(FlowLimits.defaults().robot().sustainedPerSecond() * 60).isCloseTo(12, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void configuredKeysOverrideTheDefaults() {
        FlowLimits l = FlowLimits.from(new Config(OptionalDouble.of(0.2), OptionalInt.empty(), OptionalInt.of(1000),
                Optional.of(Duration.ofSeconds(10)), OptionalInt.of(5), OptionalLong.of(3000), Optional.empty(), OptionalInt.empty()));
        assertThat(l.robot().limit()).isEqualTo(16); // 20 less 20 %
        assertThat(l.ip().limit()).isEqualTo(1000);
        assertThat(l.ip().window()).isEqualTo(Duration.ofSeconds(10));
        assertThat(l.ip().burst()).isEqualTo(20);
        assertThat(l.app().limit()).isEqualTo(5);
        assertThat(l.orgMonthlyQuota()).hasValue(3000);
    }

    @Test
    void nonsenseIsRefusedWithTheFieldNamed() {
        assertThatThrownBy(() -> FlowLimits.lessMargin(1.0)).hasMessageContaining("safetyMargin");
        assertThatThrownBy(() -> new WindowBudget(10, Duration.ofSeconds(1), 10, Duration.ZERO, 1)).hasMessageContaining("burst");
        assertThatThrownBy(() -> new WindowBudget(10, Duration.ofSeconds(1), 2, Duration.ZERO, 3)).hasMessageContaining("chunk");
        assertThatThrownBy(() -> FlowLimits.defaults().withOrgMonthlyQuota(0)).hasMessageContaining("orgMonthlyQuota");
    }

    record Config(OptionalDouble safetyMargin, OptionalInt robotPerMinute, OptionalInt ipCalls, Optional<Duration> ipWindow,
                  OptionalInt appQps, OptionalLong orgMonthlyQuota, Optional<Duration> ipLease, OptionalInt ipChunk) implements LimitsConfig {
    }
}
