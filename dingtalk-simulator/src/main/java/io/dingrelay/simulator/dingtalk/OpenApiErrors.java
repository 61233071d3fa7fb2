package io.dingrelay.simulator.dingtalk;

import io.dingrelay.protocol.answer.DingTalkErrcode;

/**
 * api.dingtalk.com answers. Those in the protocol library's table come from it; two are not in it yet (reported to
 * the protocol owner): an invalid access token (401 {@code InvalidAuthentication}, DingTalk's gateway answer) and the
 * {@code invalidParameter.<field>} family of bad-request answers (D-GRPSEND names {@code invalidParameter.robotCode.*}).
 */
final class OpenApiErrors {

    /** One answer: from the table ({@code entry}) or one of the two local ones. */
    record Error(int status, String code, String message, DingTalkErrcode entry) {
        static Error of(DingTalkErrcode e) {
            return new Error(e.httpStatus(), e.code(), e.errmsg(), e);
        }
    }

    private OpenApiErrors() {
    }

    static final Error INVALID_CLIENT = Error.of(DingTalkErrcode.INVALID_CLIENT_ID_OR_SECRET);
    static final Error QPS_LIMIT = Error.of(DingTalkErrcode.QPS_LIMIT_FOR_APPKEY_AND_API);
    static final Error MSG_PARAM_TOO_LONG = Error.of(DingTalkErrcode.MSG_PARAM_TOO_LONG);
    static final Error GROUP_DISBANDED = Error.of(DingTalkErrcode.GROUP_DISBANDED_OPENAPI);
    static final Error BOT_STOPPED = Error.of(DingTalkErrcode.BOT_STOPPED);
    static final Error INVALID_TOKEN = new Error(401, "InvalidAuthentication", "不合法的access_token", null);

    static Error invalid(String field, String message) {
        return new Error(400, "invalidParameter." + field, message, null);
    }
}
