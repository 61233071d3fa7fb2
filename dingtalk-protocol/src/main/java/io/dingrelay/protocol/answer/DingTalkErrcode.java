package io.dingrelay.protocol.answer;

import static io.dingrelay.protocol.answer.Outcome.DELIVERED;
import static io.dingrelay.protocol.answer.Outcome.IP_BANNED;
import static io.dingrelay.protocol.answer.Outcome.PERMANENT;
import static io.dingrelay.protocol.answer.Outcome.RETRYABLE;
import static io.dingrelay.protocol.answer.Outcome.THROTTLED;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dingrelay.protocol.DingTalkLimits;
import io.dingrelay.protocol.json.Json;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The single table of DingTalk answers this project knows: each code with the message DingTalk sends,
 * what it means ({@link Outcome}, {@link Scope}, backoff). {@link AnswerClassifier} reads answers with
 * it; the simulator renders answers from it ({@link #body}), so both sides cannot drift apart.
 *
 * <p>Three wire shapes ({@link Channel}):
 * <ul>
 *   <li>{@code WEBHOOK}: oapi.dingtalk.com (custom-robot webhook, sessionWebhook, legacy APIs), HTTP 200
 *       with {@code {"errcode":…,"errmsg":"…"}} (§4.4, D-ERR legacy codes).</li>
 *   <li>{@code OPENAPI}: api.dingtalk.com, an HTTP error status with
 *       {@code {"code":"…","message":"…","requestid":"…"}}. DingTalk does not document this body
 *       (§7 item 12); these are the names its gateway is widely reported to use, and the classifier
 *       also reads {@code requestId} and {@code msg}.</li>
 *   <li>{@code IP_GUARD}: the anti-abuse layer's ban answer {@code {"status":1111,"wait":5,"source":"x5","punish":"deny","uuid":…}}
 *       or an HTML page (D-THROTTLE); its HTTP status is not documented, we render 200.</li>
 * </ul>
 *
 * <p>One entry may stand for a family of codes with a variable suffix: {@link #INVALID_PARAMETER} is every
 * {@code invalidParameter.<field>[.<what>]} without an entry of its own. {@link #byCode} finds it by prefix;
 * {@link #code(String)} and {@link #body(String, String, String)} render a member.
 *
 * <p>Messages: the webhook ones are DingTalk's documented or observed wording (§4.4; 130101, 300001,
 * 300005, 460101, 101002 are observed only, §7 item 6). No wording is published for 90018/90002/90020
 * or for most OpenAPI codes; those messages are ours and marked "(wording ours)" in {@link #meaning()}.
 *
 * <p>Scope decisions where the reference is silent: security-setting failures (310000) caused by the
 * robot's configuration ({@code sign not match}, IP whitelist) are ROBOT, since every message to it
 * will fail until its owner fixes them; {@code keywords not in content} is MESSAGE (another message may
 * pass); {@code invalid timestamp} is MESSAGE because the fault is our clock or a reused signed URL,
 * not the robot, and disabling robots for it would disable all of them at once.
 */
public enum DingTalkErrcode {

    // ---- oapi / webhook errcodes (D-CUSTSEND, observed, D-ERR legacy) ----
    OK(Channel.WEBHOOK, 0, 200, "ok", DELIVERED, Scope.MESSAGE, Duration.ZERO, "accepted"),
    SYSTEM_BUSY(Channel.WEBHOOK, -1, 200, "系统繁忙", RETRYABLE, Scope.MESSAGE, Duration.ofSeconds(1), "DingTalk busy; retry later"),
    MISSING_JSON(Channel.WEBHOOK, 40035, 200, "缺少参数 json", PERMANENT, Scope.MESSAGE, Duration.ZERO, "empty or non-JSON body"),
    INVALID_CONTENT_TYPE(Channel.WEBHOOK, 43004, 200, "无效的HTTP HEADER Content-Type", PERMANENT, Scope.MESSAGE, Duration.ZERO,
            "Content-Type is not application/json"),
    GROUP_DISBANDED(Channel.WEBHOOK, 400013, 200, "群已被解散", PERMANENT, Scope.GROUP, Duration.ZERO, "the group was disbanded"),
    ACCESS_TOKEN_NOT_EXIST(Channel.WEBHOOK, 400101, 200, "access_token不存在", PERMANENT, Scope.ROBOT, Duration.ZERO,
            "the webhook's access_token does not exist (robot removed or token mistyped)"),
    ROBOT_STOPPED(Channel.WEBHOOK, 400102, 200, "机器人已停用", PERMANENT, Scope.ROBOT, Duration.ZERO, "the robot is disabled"),
    UNSUPPORTED_MSGTYPE(Channel.WEBHOOK, 400105, 200, "不支持的消息类型", PERMANENT, Scope.MESSAGE, Duration.ZERO, "msgtype not supported"),
    ROBOT_NOT_EXIST(Channel.WEBHOOK, 400106, 200, "机器人不存在", PERMANENT, Scope.ROBOT, Duration.ZERO, "the robot does not exist"),
    SEND_TOO_FAST(Channel.WEBHOOK, 410100, 200, "发送速度太快而限流", THROTTLED, Scope.ROBOT, DingTalkLimits.ROBOT_THROTTLE_BAN,
            "over 20 messages/minute: the robot is throttled for 10 minutes (documented code)"),
    SEND_TOO_FAST_PER_MINUTE(Channel.WEBHOOK, 130101, 200, "send too fast, exceed 20 times per minute", THROTTLED, Scope.ROBOT,
            DingTalkLimits.ROBOT_THROTTLE_BAN, "over 20 messages/minute (the code observed in practice, §7 item 6)"),
    UNSAFE_LINK(Channel.WEBHOOK, 430101, 200, "含有不安全的外链", PERMANENT, Scope.MESSAGE, Duration.ZERO, "content moderation: unsafe link"),
    INAPPROPRIATE_TEXT(Channel.WEBHOOK, 430102, 200, "含有不合适的文本", PERMANENT, Scope.MESSAGE, Duration.ZERO, "content moderation: text"),
    INAPPROPRIATE_IMAGE(Channel.WEBHOOK, 430103, 200, "含有不合适的图片", PERMANENT, Scope.MESSAGE, Duration.ZERO, "content moderation: image"),
    INAPPROPRIATE_CONTENT(Channel.WEBHOOK, 430104, 200, "含有不合适的内容", PERMANENT, Scope.MESSAGE, Duration.ZERO, "content moderation: content"),
    // 310000: the first entry is also the fallback for a 310000 whose message matches none of them.
    SIGN_NOT_MATCH(Channel.WEBHOOK, 310000, 200, "sign not match", PERMANENT, Scope.ROBOT, Duration.ZERO,
            "加签 failed: wrong secret, or the sign was URL-encoded twice"),
    INVALID_TIMESTAMP(Channel.WEBHOOK, 310000, 200, "invalid timestamp", PERMANENT, Scope.MESSAGE, Duration.ZERO,
            "加签 timestamp more than 1 hour off: our clock, or a signed URL reused"),
    KEYWORDS_NOT_IN_CONTENT(Channel.WEBHOOK, 310000, 200, "keywords not in content", PERMANENT, Scope.MESSAGE, Duration.ZERO,
            "the message contains none of the robot's keywords"),
    IP_NOT_IN_WHITELIST(Channel.WEBHOOK, 310000, 200, "ip X.X.X.X not in whitelist", PERMANENT, Scope.ROBOT, Duration.ZERO,
            "our egress IP is not in the robot's whitelist"),
    TOKEN_NOT_EXIST(Channel.WEBHOOK, 300001, 200, "token is not exist", PERMANENT, Scope.ROBOT, Duration.ZERO,
            "webhook token unknown (observed, I-PWD91)"),
    SESSION_NOT_EXIST(Channel.WEBHOOK, 300001, 200, "session 不存在", PERMANENT, Scope.MESSAGE, Duration.ZERO,
            "the sessionWebhook expired; answer through the OpenAPI instead (observed, I-QWEN2221)"),
    TOKEN_NOT_EXIST_EXTERNAL(Channel.WEBHOOK, 300005, 200, "token is not exist", PERMANENT, Scope.ROBOT, Duration.ZERO,
            "webhook token unknown, reported for external groups (observed, I-PWD226)"),
    MESSAGE_TOO_LONG(Channel.WEBHOOK, 460101, 200, "message too long, exceed 20000 bytes", PERMANENT, Scope.MESSAGE, Duration.ZERO,
            "body over 20,000 bytes (observed, I-PWD30)"),
    MESSAGE_TOO_LONG_LEGACY(Channel.WEBHOOK, 101002, 200, "message is too long", PERMANENT, Scope.MESSAGE, Duration.ZERO,
            "older form of 460101 (observed, I-PWD30)"),
    APP_QPS_LIMIT(Channel.WEBHOOK, 90018, 200, "应用调用该接口的频率超过上限", THROTTLED, Scope.APP, Duration.ofSeconds(1),
            "app over 20 calls/s on this API; the window is 1 s (D-THROTTLE; wording ours)"),
    API_QPS_LIMIT(Channel.WEBHOOK, 90002, 200, "该接口的全局调用频率超过上限", THROTTLED, Scope.APP, Duration.ofSeconds(1),
            "all callers together over this API's limit; back off 1, 2, 4 s (D-THROTTLE; wording ours)"),
    ORG_MONTHLY_QUOTA(Channel.WEBHOOK, 90020, 200, "组织的接口调用量超过每月限额", THROTTLED, Scope.ORG, Duration.ofHours(1),
            "the org's monthly call quota is used up; resumes next month or after an upgrade (D-THROTTLE; wording ours)"),
    AUTH_ERROR(Channel.WEBHOOK, 88, 200, "鉴权异常", PERMANENT, Scope.APP, Duration.ZERO, "authentication error, see subCode/subMsg (D-ERR)"),

    // ---- api.dingtalk.com code strings (D-THROTTLE, D-GRPSEND, D-OTO, D-TOKEN, D-ERR) ----
    QPS_LIMIT_FOR_APPKEY_AND_API(Channel.OPENAPI, "Forbidden.AccessDenied.QpsLimitForAppkeyAndApi", 403,
            "app QPS limit for this API exceeded", THROTTLED, Scope.APP, Duration.ofSeconds(1), "new-API form of 90018 (wording ours)"),
    QPS_LIMIT_FOR_SUITEKEY_AND_ORG_AND_API(Channel.OPENAPI, "Forbidden.AccessDenied.QpsLimitForSuitekeyAndOrgAndApi", 403,
            "ISV QPS limit for this org and API exceeded", THROTTLED, Scope.APP, Duration.ofSeconds(1), "ISV form of 90018 (wording ours)"),
    QPM_LIMIT_FOR_APPKEY_AND_API(Channel.OPENAPI, "Forbidden.AccessDenied.QpmLimitForAppkeyAndApi", 403,
            "app per-minute limit for this API exceeded", THROTTLED, Scope.APP, Duration.ofMinutes(1), "per-minute window (wording ours)"),
    QPS_LIMIT_FOR_API(Channel.OPENAPI, "Forbidden.AccessDenied.QpsLimitForApi", 403,
            "global QPS limit for this API exceeded", THROTTLED, Scope.APP, Duration.ofSeconds(1), "new-API form of 90002 (wording ours)"),
    API_COUNT_LIMIT_FOR_ORG(Channel.OPENAPI, "Forbidden.AccessDenied.ApiCountLimitForOrg", 403,
            "monthly API call quota of the organization exhausted", THROTTLED, Scope.ORG, Duration.ofHours(1),
            "new-API form of 90020 (wording ours)"),
    INVALID_CLIENT_ID_OR_SECRET(Channel.OPENAPI, "invalidClientIdOrSecret", 400, "无效的clientId或者clientSecret", PERMANENT, Scope.APP,
            Duration.ZERO, "wrong appKey/appSecret when asking for a token (D-TOKEN)"),
    SEND_TOO_FAST_OPENAPI(Channel.OPENAPI, "send.too.fast", 400, "发送太快", THROTTLED, Scope.ROBOT, Duration.ofMinutes(1),
            "robot send throttled; no window is published, 1 minute is ours (D-GRPSEND)"),
    SEND_BY_TOKEN_TOO_FAST(Channel.OPENAPI, "send.byToken.tooFast", 400, "该token发送太快", THROTTLED, Scope.APP, Duration.ofSeconds(1),
            "sends with one access token too fast (D-GRPSEND; wording ours)"),
    TOO_MANY_GROUP(Channel.OPENAPI, "too.many.group", 400, "发送群数过多", THROTTLED, Scope.ROBOT, Duration.ofMinutes(1),
            "the robot sends to too many groups (D-GRPSEND; wording ours)"),
    TOO_MANY_PEOPLE(Channel.OPENAPI, "too.many.people", 400, "发送人数过多", THROTTLED, Scope.ROBOT, Duration.ofMinutes(1),
            "the robot sends to too many people (D-OTO; wording ours)"),
    GROUP_DISBANDED_OPENAPI(Channel.OPENAPI, "group.disbanded", 400, "群已解散", PERMANENT, Scope.GROUP, Duration.ZERO,
            "the group was disbanded (D-GRPSEND)"),
    BOT_STOPPED(Channel.OPENAPI, "bot.stopped", 400, "群机器人已经停用", PERMANENT, Scope.ROBOT, Duration.ZERO, "robot disabled (D-ERR)"),
    CHATBOT_NOT_FOUND(Channel.OPENAPI, "chatbot.notFound", 400, "机器人不存在", PERMANENT, Scope.ROBOT, Duration.ZERO, "robot does not exist (D-ERR)"),
    SESSION_EXPIRED(Channel.OPENAPI, "session.expired", 400, "会话已过期", PERMANENT, Scope.MESSAGE, Duration.ZERO,
            "sessionWebhook expired; use the OpenAPI (D-GRPSEND; wording ours)"),
    SESSION_NOT_EXISTED(Channel.OPENAPI, "session.notExisted", 400, "会话不存在", PERMANENT, Scope.MESSAGE, Duration.ZERO,
            "sessionWebhook unknown; use the OpenAPI (D-GRPSEND; wording ours)"),
    MSG_PARAM_TOO_LONG(Channel.OPENAPI, "invalidParameter.msgParam.tooLong", 400, "msgParam超过长度限制", PERMANENT, Scope.MESSAGE,
            Duration.ZERO, "msgParam over 15,000 bytes (D-GRPSEND; wording ours)"),
    // A family: DingTalk appends the parameter (and sometimes the problem) to the code, invalidParameter.<field>[.<what>].
    // byCode() finds this entry for every such code without an entry of its own (MSG_PARAM_TOO_LONG has one);
    // code(field) and body(field, message, requestId) render a member.
    INVALID_PARAMETER(Channel.OPENAPI, "invalidParameter", 400, "参数错误", PERMANENT, Scope.MESSAGE, Duration.ZERO,
            "a request parameter is missing or invalid, named after the dot: invalidParameter.robotCode.*, "
                    + "invalidParameter.userIds.overMax, … (D-GRPSEND, D-OTO; wording ours)"),
    INVALID_AUTHENTICATION(Channel.OPENAPI, "InvalidAuthentication", 401, "不合法的access_token", PERMANENT, Scope.APP, Duration.ZERO,
            "x-acs-dingtalk-access-token missing, unknown or expired: fetch a new token (§5.1) before sending again "
                    + "(the api gateway's answer, not in the reference; wording ours)"),
    SYSTEM_ERROR(Channel.OPENAPI, "system.error", 500, "系统错误", RETRYABLE, Scope.MESSAGE, Duration.ofSeconds(1), "server error (D-GRPSEND)"),
    SYSTEM_BUSY_OPENAPI(Channel.OPENAPI, "system.busy", 429, "系统繁忙", RETRYABLE, Scope.MESSAGE, Duration.ofSeconds(1), "busy (D-ERR)"),
    SYSTEM_BUSY_CAMEL(Channel.OPENAPI, "systemBusy", 429, "系统繁忙", RETRYABLE, Scope.MESSAGE, Duration.ofSeconds(1), "busy, other spelling (D-ERR)"),

    // ---- the anti-abuse layer in front of every API (D-THROTTLE) ----
    IP_BANNED_DENY(Channel.IP_GUARD, 1111, 200, "deny", IP_BANNED, Scope.IP, DingTalkLimits.IP_BAN,
            "egress IP over 10,000 calls / 20 s: banned for 5 minutes; answered as {status:1111,punish:deny} or an HTML page");

    /** Which of DingTalk's answer shapes an entry belongs to. */
    public enum Channel {
        /** oapi.dingtalk.com: HTTP 200 with {@code errcode}/{@code errmsg}. */
        WEBHOOK,
        /** api.dingtalk.com: an HTTP error status with {@code code}/{@code message}/{@code requestid}. */
        OPENAPI,
        /** The anti-abuse ban answer: {@code status} 1111 / {@code punish} deny, or HTML. */
        IP_GUARD
    }

    private final Channel channel;
    private final int errcode;
    private final String code;
    private final int httpStatus;
    private final String errmsg;
    private final Outcome outcome;
    private final Scope scope;
    private final Duration backoff;
    private final String meaning;

    /** A numeric (WEBHOOK or IP_GUARD) entry. */
    DingTalkErrcode(Channel channel, int errcode, int httpStatus, String errmsg, Outcome outcome, Scope scope, Duration backoff, String meaning) {
        this(channel, errcode, Integer.toString(errcode), httpStatus, errmsg, outcome, scope, backoff, meaning);
    }

    /** A code-string (OPENAPI) entry; {@link #errcode()} is 0 for these. */
    DingTalkErrcode(Channel channel, String code, int httpStatus, String message, Outcome outcome, Scope scope, Duration backoff, String meaning) {
        this(channel, 0, code, httpStatus, message, outcome, scope, backoff, meaning);
    }

    DingTalkErrcode(Channel channel, int errcode, String code, int httpStatus, String errmsg, Outcome outcome, Scope scope,
                    Duration backoff, String meaning) {
        this.channel = channel;
        this.errcode = errcode;
        this.code = code;
        this.httpStatus = httpStatus;
        this.errmsg = errmsg;
        this.outcome = outcome;
        this.scope = scope;
        this.backoff = backoff;
        this.meaning = meaning;
    }

    public Channel channel() {
        return channel;
    }

    /** The numeric errcode of a WEBHOOK entry (1111 for IP_GUARD); 0 for OPENAPI entries, which have a {@link #code()} only. */
    public int errcode() {
        return errcode;
    }

    /** The code as DingTalk writes it: the errcode as a string, or the OpenAPI code string. */
    public String code() {
        return code;
    }

    /** The HTTP status DingTalk answers with (200 for every WEBHOOK errcode). */
    public int httpStatus() {
        return httpStatus;
    }

    /** The message DingTalk sends with this code (see the class notes on which are verbatim). */
    public String errmsg() {
        return errmsg;
    }

    public Outcome outcome() {
        return outcome;
    }

    public Scope scope() {
        return scope;
    }

    /** How long to pause {@link #scope()} before trying again; zero when not applicable. */
    public Duration backoff() {
        return backoff;
    }

    /** One line in English: what it means and where it is documented. */
    public String meaning() {
        return meaning;
    }

    /** This entry as a classification, with DingTalk's actual message if given. */
    public Classification classification(String actualMessage) {
        return new Classification(outcome, scope, code, actualMessage == null || actualMessage.isEmpty() ? errmsg : actualMessage, backoff);
    }

    /**
     * True for an entry that stands for a family of codes {@code <code>.<suffix>} ({@link #INVALID_PARAMETER}):
     * render a member with {@link #code(String)} / {@link #body(String, String, String)}.
     */
    public boolean isFamily() {
        return this == INVALID_PARAMETER;
    }

    /**
     * The code of one member of a family, e.g. {@code INVALID_PARAMETER.code("msgKey")} is
     * {@code invalidParameter.msgKey}.
     *
     * @throws IllegalArgumentException for an entry that is not a family, or an empty suffix
     */
    public String code(String suffix) {
        if (!isFamily()) {
            throw new IllegalArgumentException(name() + " is not a family of codes");
        }
        if (suffix == null || suffix.isEmpty()) {
            throw new IllegalArgumentException("suffix of " + code + " must not be empty");
        }
        return code + "." + suffix;
    }

    /**
     * The answer body of one member of a family: {@code {"code":"invalidParameter.<suffix>","message":"…","requestid":"…"}};
     * a null message is this entry's {@link #errmsg()}, a null request id is omitted.
     *
     * @throws IllegalArgumentException as {@link #code(String)}
     */
    public String body(String suffix, String message, String requestId) {
        return render(code(suffix), message, requestId);
    }

    /** The answer body DingTalk sends for this entry, in its channel's shape; see {@link #body(String, String)}. */
    public String body(String requestId) {
        return body(errmsg, requestId);
    }

    /**
     * The answer body in this entry's shape with a specific message (e.g. the real IP in
     * {@code ip 1.2.3.4 not in whitelist}): {@code {"errcode":…,"errmsg":"…"}},
     * {@code {"code":"…","message":"…","requestid":"…"}} or
     * {@code {"status":1111,"wait":5,"source":"x5","punish":"deny","uuid":"…"}}. A null request id is omitted.
     */
    public String body(String message, String requestId) {
        return render(code, message, requestId);
    }

    private String render(String renderedCode, String message, String requestId) {
        ObjectNode o = Json.object();
        String msg = message == null ? errmsg : message;
        switch (channel) {
            case WEBHOOK:
                o.put("errcode", errcode).put("errmsg", msg);
                break;
            case OPENAPI:
                o.put("code", renderedCode).put("message", msg);
                if (requestId != null) {
                    o.put("requestid", requestId);
                }
                break;
            default:
                o.put("status", errcode).put("wait", DingTalkLimits.IP_BAN.toMinutes()).put("source", "x5").put("punish", msg);
                if (requestId != null) {
                    o.put("uuid", requestId);
                }
                break;
        }
        return Json.write(o);
    }

    /** The content type of {@link #body}. */
    public String contentType() {
        return "application/json";
    }

    /**
     * The entry for a numeric errcode. Several share 310000 and 300001: the one whose message matches
     * {@code errmsg} is returned, otherwise the first declared (for 310000: {@link #SIGN_NOT_MATCH}).
     */
    public static Optional<DingTalkErrcode> byErrcode(int errcode, String errmsg) {
        DingTalkErrcode first = null;
        String actual = errmsg == null ? "" : errmsg.trim().toLowerCase(Locale.ROOT);
        for (DingTalkErrcode e : values()) {
            if (e.channel != Channel.WEBHOOK || e.errcode != errcode) {
                continue;
            }
            if (first == null) {
                first = e;
            }
            if (e.messageMatches(actual)) {
                return Optional.of(e);
            }
        }
        return Optional.ofNullable(first);
    }

    /** The entry for a numeric errcode, ignoring the message. */
    public static Optional<DingTalkErrcode> byErrcode(int errcode) {
        return byErrcode(errcode, null);
    }

    /**
     * The OPENAPI entry for a code string (case-sensitive as DingTalk's codes are): the entry with exactly this code,
     * else the family whose code is followed by a dot and a non-empty suffix ({@code invalidParameter.robotCode.notExist}
     * → {@link #INVALID_PARAMETER}).
     */
    public static Optional<DingTalkErrcode> byCode(String code) {
        if (code == null) {
            return Optional.empty();
        }
        DingTalkErrcode family = null;
        for (DingTalkErrcode e : values()) {
            if (e.channel != Channel.OPENAPI) {
                continue;
            }
            if (e.code.equals(code)) {
                return Optional.of(e);
            }
            if (e.isFamily() && code.length() > e.code.length() + 1 && code.startsWith(e.code) && code.charAt(e.code.length()) == '.') {
                family = e;
            }
        }
        return Optional.ofNullable(family);
    }

    private boolean messageMatches(String actualLower) {
        if (this == IP_NOT_IN_WHITELIST) {
            return actualLower.startsWith("ip ") && actualLower.endsWith("not in whitelist");
        }
        if (this == SESSION_NOT_EXIST) {
            return actualLower.contains("session");
        }
        return actualLower.equals(errmsg.toLowerCase(Locale.ROOT));
    }
}
