package io.dingrelay.simulator.callback;

import io.dingrelay.protocol.DingTalkProtocolException;
import io.dingrelay.protocol.callback.CallbackCrypto;
import io.dingrelay.protocol.message.EmptyMessage;
import io.dingrelay.protocol.message.MessageCodec;
import io.dingrelay.protocol.message.RobotMessage;

/**
 * What DingTalk accepts as an answer to its callbacks, checked with the protocol library. Shared by the
 * callback endpoint and the load generator.
 */
public final class CallbackChecks {

    private CallbackChecks() {
    }

    /**
     * The outcome of checking one answer.
     *
     * @param ok      whether DingTalk would count it as delivered
     * @param detail  what the answer was ({@code success}, a msgtype) or what was wrong with it
     * @param kind    error kind for counting: {@code ok}, {@code http_<status>}, {@code bad_reply}
     * @param message the synchronous reply message, when the robot answered with one (not {@code empty})
     */
    public record Verdict(boolean ok, String detail, String kind, RobotMessage message) {
    }

    /** An event push is delivered when the answer is HTTP 200 carrying the encrypted, signed {@code success}. */
    public static Verdict eventReply(CallbackCrypto crypto, int status, String body) {
        if (status != 200) {
            return new Verdict(false, "HTTP " + status, "http_" + status, null);
        }
        try {
            String plain = crypto.decryptReply(body);
            return CallbackCrypto.SUCCESS.equals(plain)
                    ? new Verdict(true, plain, "ok", null)
                    : new Verdict(false, "reply decrypted to '" + plain + "', not 'success'", "bad_reply", null);
        } catch (DingTalkProtocolException e) {
            return new Verdict(false, e.getMessage(), "bad_reply", null);
        }
    }

    /** A robot callback is answered with HTTP 200 and {@code {"msgtype":"empty"}} or one valid message. */
    public static Verdict robotReply(int status, String body) {
        if (status != 200) {
            return new Verdict(false, "HTTP " + status, "http_" + status, null);
        }
        if (body == null || body.isBlank()) {
            return new Verdict(false, "empty body (expected {\"msgtype\":\"empty\"} or a message)", "bad_reply", null);
        }
        try {
            RobotMessage m = MessageCodec.parse(body);
            return new Verdict(true, m.msgtype(), "ok", m instanceof EmptyMessage ? null : m);
        } catch (DingTalkProtocolException e) {
            return new Verdict(false, e.getMessage(), "bad_reply", null);
        }
    }
}
