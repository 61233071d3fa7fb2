package io.dingrelay.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.dingrelay.flow.config.FlowLimits;
import io.dingrelay.flow.pause.Pause;
import io.dingrelay.protocol.DingTalkLimits;
import io.dingrelay.protocol.answer.AnswerClassifier;
import io.dingrelay.protocol.answer.Classification;
import io.dingrelay.protocol.answer.DingTalkErrcode;
import io.dingrelay.protocol.answer.Scope;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A ban that happens anyway pauses exactly its scope for as long as DingTalk's ban, everything else keeps flowing. The
 * answers are the protocol library's own bodies read by its classifier; a fake ticker crosses the bans.
 */
class BanPauseTest {

    static final AnswerClassifier CLASSIFIER = new AnswerClassifier();
    final FakeTicker ticker = new FakeTicker();

    FlowControl flow(List<String> egress) {
        return FlowControl.builder(FlowLimits.defaults().withOrgMonthlyQuota(3)).ticker(ticker).egressAddresses(egress).build();
    }

    static Permit now(FlowControl flow, SendScopes scopes) {
        return flow.acquire(scopes, Duration.ZERO).await().atMost(Duration.ofSeconds(10));
    }

    static Classification webhookAnswer(DingTalkErrcode code) {
        return CLASSIFIER.classify(code.httpStatus(), code.contentType(), code.body(null));
    }

    @Test
    void aThrottledRobotPausesForTenMinutesAndOnlyThatRobot() {
        FlowControl flow = flow(List.of());
        Permit a = now(flow, SendScopes.webhook("robot-a", null));
        assertThat(a.isGranted()).isTrue();

        Optional<Pause> pause = flow.observe(a, webhookAnswer(DingTalkErrcode.SEND_TOO_FAST));
        assertThat(pause).hasValueSatisfying(p -> {
            assertThat(p.key()).isEqualTo(ScopeKey.robot("robot-a"));
            assertThat(p.duration()).isEqualTo(DingTalkLimits.ROBOT_THROTTLE_BAN);
            assertThat(p.code()).isEqualTo("410100");
        });

        Permit again = now(flow, SendScopes.webhook("robot-a", null));
        assertThat(again.status()).isEqualTo(Permit.Status.DEFERRED);
        assertThat(again.blockedBy()).isEqualTo(ScopeKey.robot("robot-a"));
        assertThat(again.retryAfter()).isEqualTo(DingTalkLimits.ROBOT_THROTTLE_BAN);
        assertThat(now(flow, SendScopes.webhook("robot-b", null)).isGranted()).isTrue();

        ticker.advance(DingTalkLimits.ROBOT_THROTTLE_BAN.minusSeconds(1));
        assertThat(now(flow, SendScopes.webhook("robot-a", null)).status()).isEqualTo(Permit.Status.DEFERRED);
        ticker.advance(Duration.ofSeconds(1));
        assertThat(now(flow, SendScopes.webhook("robot-a", null)).isGranted()).isTrue();
    }

    @Test
    void theObservedCode130101PausesTheRobotToo() {
        FlowControl flow = flow(List.of());
        Permit a = now(flow, SendScopes.webhook("robot-a", null));
        assertThat(flow.observe(a, webhookAnswer(DingTalkErrcode.SEND_TOO_FAST_PER_MINUTE)))
                .hasValueSatisfying(p -> assertThat(p.duration()).isEqualTo(DingTalkLimits.ROBOT_THROTTLE_BAN));
    }

    @Test
    void aBannedEgressIpPausesForFiveMinutesWhileTheOtherAddressSends() {
        FlowControl flow = flow(List.of("127.0.0.2", "127.0.0.3"));
        Permit first = now(flow, SendScopes.webhook("robot-1", null));
        String banned = first.egress();
        String other = banned.equals("127.0.0.2") ? "127.0.0.3" : "127.0.0.2";

        Classification punish = CLASSIFIER.classify(200, "application/json", DingTalkErrcode.IP_BANNED_DENY.body("uuid-1"));
        assertThat(flow.observe(first, punish)).hasValueSatisfying(p -> {
            assertThat(p.key()).isEqualTo(ScopeKey.ip(banned));
            assertThat(p.duration()).isEqualTo(DingTalkLimits.IP_BAN);
        });
        for (int i = 2; i < 12; i++) {
            Permit p = now(flow, SendScopes.webhook("robot-" + i, null));
            assertThat(p.isGranted()).isTrue();
            assertThat(p.egress()).isEqualTo(other);
        }
        // a minute later the HTML block page bans the other one as well: nothing is sent until the first ban ends
        ticker.advance(Duration.ofMinutes(1));
        Permit fromOther = now(flow, SendScopes.webhook("robot-x", null));
        assertThat(fromOther.egress()).isEqualTo(other);
        flow.observe(fromOther, CLASSIFIER.classify(200, "text/html", "<html><body>访问被拒绝</body></html>"));
        Permit none = now(flow, SendScopes.webhook("robot-y", null));
        assertThat(none.status()).isEqualTo(Permit.Status.DEFERRED);
        assertThat(none.blockedBy()).isEqualTo(ScopeKey.ip(banned));
        assertThat(none.retryAfter()).isEqualTo(DingTalkLimits.IP_BAN.minusMinutes(1));

        ticker.advance(DingTalkLimits.IP_BAN.minusMinutes(1));
        Permit after = now(flow, SendScopes.webhook("robot-z", null));
        assertThat(after.isGranted()).isTrue();
        assertThat(after.egress()).isEqualTo(banned);
        assertThat(flow.pauses()).containsOnlyKeys(ScopeKey.ip(other));
    }

    @Test
    void anAppOverItsQpsPausesForOneSecondWhileWebhooksAndOtherAppsFlow() {
        FlowControl flow = flow(List.of());
        Permit sent = now(flow, SendScopes.openApi("demo", "robotcode1", null));
        Classification qps = CLASSIFIER.classify(403, "application/json", DingTalkErrcode.QPS_LIMIT_FOR_APPKEY_AND_API.body("req-1"));
        assertThat(flow.observe(sent, qps)).hasValueSatisfying(p -> {
            assertThat(p.key()).isEqualTo(ScopeKey.appGroupSend("demo"));
            assertThat(p.duration()).isEqualTo(Duration.ofSeconds(1));
        });

        Permit blocked = now(flow, SendScopes.openApi("demo", "robotcode2", null));
        assertThat(blocked.status()).isEqualTo(Permit.Status.DEFERRED);
        assertThat(blocked.blockedBy().scope()).isEqualTo(Scope.APP);
        assertThat(now(flow, SendScopes.openApi("other-app", "robotcode3", null)).isGranted()).isTrue();
        assertThat(now(flow, SendScopes.webhook("robot-1", null)).isGranted()).isTrue();

        ticker.advance(Duration.ofSeconds(1));
        assertThat(now(flow, SendScopes.openApi("demo", "robotcode2", null)).isGranted()).isTrue();

        // the legacy 90018 means the same
        Permit legacy = now(flow, SendScopes.openApi("demo", null, null));
        assertThat(flow.observe(legacy, webhookAnswer(DingTalkErrcode.APP_QPS_LIMIT)))
                .hasValueSatisfying(p -> assertThat(p.key()).isEqualTo(ScopeKey.appGroupSend("demo")));
    }

    @Test
    void deliveredRetryableAndPermanentAnswersPauseNothing() {
        FlowControl flow = flow(List.of());
        Permit p = now(flow, SendScopes.webhook("robot-a", "corp1"));
        assertThat(flow.observe(p, webhookAnswer(DingTalkErrcode.OK))).isEmpty();
        assertThat(flow.observe(p, webhookAnswer(DingTalkErrcode.SYSTEM_BUSY))).isEmpty();
        assertThat(flow.observe(p, webhookAnswer(DingTalkErrcode.GROUP_DISBANDED))).isEmpty();
        assertThat(flow.pauses()).isEmpty();
    }

    @Test
    void aRobotGetsItsBurstThenWaitsForItsRefillWhileOthersSend() {
        FlowControl flow = flow(List.of());
        for (int i = 0; i < FlowLimits.defaults().robot().burst(); i++) {
            assertThat(now(flow, SendScopes.webhook("busy", null)).isGranted()).isTrue();
        }
        Permit seventh = now(flow, SendScopes.webhook("busy", null));
        assertThat(seventh.status()).isEqualTo(Permit.Status.DEFERRED);
        assertThat(seventh.blockedBy()).isEqualTo(ScopeKey.robot("busy"));
        assertThat(seventh.retryAfter()).isBetween(Duration.ofMillis(4990), Duration.ofMillis(5001)); // 12 a minute after the burst
        assertThat(now(flow, SendScopes.webhook("quiet", null)).isGranted()).isTrue();
        ticker.advance(Duration.ofSeconds(5));
        assertThat(now(flow, SendScopes.webhook("busy", null)).isGranted()).isTrue();
    }

    @Test
    void theMonthlyQuotaRefusesOnceUsedUpAndOnlyForThatOrganisation() {
        FlowControl flow = flow(List.of());
        for (int i = 0; i < 3; i++) {
            assertThat(now(flow, SendScopes.webhook("r" + i, "corp1")).isGranted()).isTrue();
        }
        Permit fourth = now(flow, SendScopes.webhook("r4", "corp1"));
        assertThat(fourth.status()).isEqualTo(Permit.Status.REFUSED);
        assertThat(fourth.blockedBy()).isEqualTo(ScopeKey.org("corp1"));
        assertThat(fourth.reason()).contains("monthly quota");
        assertThat(now(flow, SendScopes.webhook("r5", "corp2")).isGranted()).isTrue();
        assertThat(now(flow, SendScopes.webhook("r6", null)).isGranted()).isTrue();
    }
}
