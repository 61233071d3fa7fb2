package io.dingrelay.registry.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.dingrelay.events.ids.GroupId;
import io.dingrelay.events.ids.RunId;
import io.dingrelay.events.push.DeliveryOutcome;
import io.dingrelay.events.push.DeliveryStatus;
import io.dingrelay.registry.persistence.GroupStatus;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class OutcomePolicyTest {

    private static final Instant T = Instant.parse("2026-12-01T08:00:00Z");
    private static final Duration WINDOW = Duration.ofDays(5);

    static DeliveryOutcome outcome(DeliveryStatus status, String code, String message, Duration after) {
        return new DeliveryOutcome(RunId.of("r"), GroupId.of("g"), 1, status, code, message, T.plus(after));
    }

    static HealthState active() {
        HealthState s = new HealthState();
        s.id = "g";
        s.status = GroupStatus.ACTIVE;
        return s;
    }

    @Test
    void permanentGroupAndRobotFailuresDisableWithTheReason() {
        for (String code : new String[] {"400013", "300001", "400102", "310000", "group.disbanded", "bot.stopped"}) {
            HealthState s = active();
            String msg = code.equals("310000") ? "sign not match" : "x";
            assertThat(OutcomePolicy.apply(s, outcome(DeliveryStatus.FAILED, code, msg, Duration.ZERO), WINDOW))
                    .as(code).isEqualTo(OutcomePolicy.Result.DISABLED_PERMANENT);
            assertThat(s.status).isEqualTo(GroupStatus.DISABLED);
            assertThat(s.statusReason).startsWith("permanent failure " + code);
        }
    }

    @Test
    void messageFaultsAndThrottlingLeaveTheGroupAlone() {
        HealthState s = active();
        OutcomePolicy.apply(s, outcome(DeliveryStatus.FAILED, "430102", "含有不合适的文本", Duration.ZERO), WINDOW);
        OutcomePolicy.apply(s, outcome(DeliveryStatus.THROTTLED, "410100", "x", Duration.ZERO), WINDOW);
        OutcomePolicy.apply(s, outcome(DeliveryStatus.FAILED, "310000", "keywords not in content", Duration.ZERO), WINDOW);
        assertThat(s.status).isEqualTo(GroupStatus.ACTIVE);
        assertThat(s.consecutiveFailures).isZero();
    }

    @Test
    void retryableFailuresPastTheWindowDisableAndASuccessClearsTheStreak() {
        HealthState s = active();
        OutcomePolicy.apply(s, outcome(DeliveryStatus.RETRY_SCHEDULED, "-1", "系统繁忙", Duration.ZERO), WINDOW);
        OutcomePolicy.apply(s, outcome(DeliveryStatus.RETRY_SCHEDULED, "-1", "系统繁忙", Duration.ofDays(2)), WINDOW);
        assertThat(s.consecutiveFailures).isEqualTo(2);
        OutcomePolicy.apply(s, outcome(DeliveryStatus.DELIVERED, null, null, Duration.ofDays(3)), WINDOW);
        assertThat(s.consecutiveFailures).isZero();
        assertThat(s.failingSince).isNull();

        OutcomePolicy.apply(s, outcome(DeliveryStatus.RETRY_SCHEDULED, "-1", "x", Duration.ofDays(4)), WINDOW);
        assertThat(OutcomePolicy.apply(s, outcome(DeliveryStatus.DEAD_LETTERED, "-1", "x", Duration.ofDays(8)), WINDOW))
                .isEqualTo(OutcomePolicy.Result.FAILURE);
        assertThat(OutcomePolicy.apply(s, outcome(DeliveryStatus.RETRY_SCHEDULED, "-1", "x", Duration.ofDays(9)), WINDOW))
                .isEqualTo(OutcomePolicy.Result.DISABLED_WINDOW);
        assertThat(s.status).isEqualTo(GroupStatus.DISABLED);
        assertThat(s.statusReason).contains("PT120H");
    }

    @Test
    void aFailureOlderThanTheLatestSuccessDoesNotStartAStreak() {
        HealthState s = active();
        OutcomePolicy.apply(s, outcome(DeliveryStatus.DELIVERED, null, null, Duration.ofHours(2)), WINDOW);
        assertThat(OutcomePolicy.apply(s, outcome(DeliveryStatus.RETRY_SCHEDULED, "-1", "x", Duration.ofHours(1)), WINDOW))
                .isEqualTo(OutcomePolicy.Result.STALE);
        assertThat(s.consecutiveFailures).isZero();
    }
}
