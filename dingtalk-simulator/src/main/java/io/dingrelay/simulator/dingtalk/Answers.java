package io.dingrelay.simulator.dingtalk;

import io.dingrelay.protocol.answer.DingTalkErrcode;
import io.dingrelay.protocol.message.MalformedMessageException;
import io.dingrelay.simulator.limit.Limits;

/**
 * Which entry of the protocol library's {@link DingTalkErrcode} table answers which simulator decision. The codes,
 * messages, HTTP statuses and body shapes all come from that table; only the choices DingTalk leaves open are made
 * here (and in the README).
 */
final class Answers {

    private Answers() {
    }

    /** 410100 (documented) or 130101 (observed), as configured. */
    static DingTalkErrcode throttled(Limits l) {
        return l.robotThrottleErrcode() == Limits.THROTTLE_OBSERVED
                ? DingTalkErrcode.SEND_TOO_FAST_PER_MINUTE : DingTalkErrcode.SEND_TOO_FAST;
    }

    /** Missing, unknown or revoked access_token: 300001 (observed) or 400101 (documented), as configured. */
    static DingTalkErrcode token(Limits l) {
        return l.tokenErrcode() == Limits.TOKEN_DOCUMENTED
                ? DingTalkErrcode.ACCESS_TOKEN_NOT_EXIST : DingTalkErrcode.TOKEN_NOT_EXIST;
    }

    /**
     * A body the strict parser rejected: a msgtype that is present but not a webhook type (unknown, not a string, or
     * {@code empty}, which is only a callback reply) is 400105 不支持的消息类型; anything else (not JSON, no msgtype,
     * a missing or mistyped field) is 40035 缺少参数 json, the one errcode DingTalk documents for a bad body.
     */
    static DingTalkErrcode malformed(MalformedMessageException e) {
        return e.problem() == MalformedMessageException.Problem.UNSUPPORTED_MSGTYPE
                ? DingTalkErrcode.UNSUPPORTED_MSGTYPE : DingTalkErrcode.MISSING_JSON;
    }
}
