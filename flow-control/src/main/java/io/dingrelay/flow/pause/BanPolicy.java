package io.dingrelay.flow.pause;

import io.dingrelay.flow.Permit;
import io.dingrelay.flow.ScopeKey;
import io.dingrelay.protocol.answer.Classification;
import io.dingrelay.protocol.answer.Outcome;
import java.util.Optional;

/**
 * Which scope a DingTalk answer bans, and for how long: both come from the protocol library's classification
 * ({@code AnswerClassifier} → {@code Classification.scope()} and {@code suggestedBackoff()}, filled from
 * {@code DingTalkErrcode} and {@code DingTalkLimits}: 410100/130101 ROBOT 10 min, the punish page IP 5 min, 90018 /
 * 403 {@code QpsLimitForAppkeyAndApi} APP 1 s, 90020 ORG 1 h). Nothing DingTalk-specific is decided here; this only maps
 * the classified scope to the key of the send that got the answer.
 */
public final class BanPolicy {

    private BanPolicy() {
    }

    /** The pause an answer calls for, if any: only THROTTLED and IP_BANNED answers pause, and only their scope's key. */
    public static Optional<Pause> pauseFor(Permit permit, Classification answer) {
        if (answer == null || (answer.outcome() != Outcome.THROTTLED && answer.outcome() != Outcome.IP_BANNED)) {
            return Optional.empty();
        }
        if (answer.suggestedBackoff() == null || answer.suggestedBackoff().isZero() || answer.suggestedBackoff().isNegative()) {
            return Optional.empty();
        }
        ScopeKey key = switch (answer.scope()) {
            case ROBOT -> permit.scopes().robot();
            case APP -> permit.scopes().app();
            case ORG -> permit.scopes().org();
            case IP -> permit.egress() == null ? null : ScopeKey.ip(permit.egress());
            // TODO(dingtalk-protocol): no THROTTLED answer is classified GROUP or MESSAGE today; should one appear,
            // nothing is paused and the caller's retry schedule applies.
            case GROUP, MESSAGE -> null;
        };
        return key == null ? Optional.empty() : Optional.of(new Pause(key, answer.suggestedBackoff(), answer.code()));
    }
}
