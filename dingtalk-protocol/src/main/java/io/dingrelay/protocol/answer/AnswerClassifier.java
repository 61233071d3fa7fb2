package io.dingrelay.protocol.answer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dingrelay.protocol.DingTalkProtocolException;
import io.dingrelay.protocol.json.Json;
import io.dingrelay.protocol.message.MessageTooLargeException;
import io.dingrelay.protocol.signature.SignatureException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Turns whatever DingTalk (or the network) answered into a {@link Classification}, using the
 * {@link DingTalkErrcode} table. Never throws, whatever the body: a sender must always learn what to do.
 *
 * <p>Reading order, most specific first:
 * <ol>
 *   <li>An HTML body (by content type or a leading {@code <}) is the IP ban page (D-THROTTLE, §4/§8): IP_BANNED,
 *       scope IP, 5 minutes — when it names the punishment ({@code punish}, the JSON form's marker), or when its
 *       HTTP status is not 5xx: DingTalk's own errors are JSON, so HTML with
 *       2xx/4xx means the anti-abuse layer answered, and pausing the IP is the safe reading. An HTML <b>5xx</b>
 *       page without those markers is an ordinary server error (a gateway's or load balancer's 502/503 page):
 *       RETRYABLE {@code http.<status>}, nothing paused — a passing server error must not stop an egress address
 *       for five minutes.</li>
 *   <li>A JSON object with {@code punish} or {@code status} 1111: the same ban in JSON form.</li>
 *   <li>A JSON {@code errcode} (number, or digits in a string: DingTalk's own sample sends {@code "0"}):
 *       0 is DELIVERED; known codes per the table; unknown non-zero codes PERMANENT MESSAGE with the
 *       code kept, or RETRYABLE if the HTTP status is 5xx.</li>
 *   <li>A JSON {@code code} string (OpenAPI): known codes per the table, whatever the HTTP status (a family such as
 *       {@code invalidParameter.<field>} matches by prefix and keeps its full code); unknown ones by pattern
 *       ({@code …QpsLimit…}/{@code …QpmLimit…} throttle the app, {@code …CountLimit…} the org), then by
 *       status (429/5xx RETRYABLE, 401/403 PERMANENT APP, other 4xx PERMANENT MESSAGE, 2xx DELIVERED).</li>
 *   <li>Anything else by HTTP status: 2xx JSON without a code is an OpenAPI success; 408/425/429/5xx are
 *       RETRYABLE; other 4xx PERMANENT MESSAGE; an unreadable 2xx body RETRYABLE (delivery unknown — send
 *       with a {@code msgUuid} so a retry is not shown twice).</li>
 * </ol>
 *
 * <p>Stateless and thread-safe.
 */
public final class AnswerClassifier {

    /** The backoff for transient failures without a better figure; the sender's own schedule may lengthen it. */
    public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofSeconds(1);

    /** Classifications carry at most this many characters of DingTalk's message. */
    public static final int MAX_MESSAGE_CHARS = 256;

    /** Code reported for the IP ban, in both its JSON and HTML forms. */
    public static final String IP_BAN_CODE = DingTalkErrcode.IP_BANNED_DENY.code();

    /**
     * Classifies one HTTP answer.
     *
     * @param httpStatus  the status code (anything; 0 or negative when unknown)
     * @param contentType the Content-Type header, may be null
     * @param body        the body as text, may be null or empty
     */
    public Classification classify(int httpStatus, String contentType, String body) {
        String text = body == null ? "" : body;
        String start = text.stripLeading();
        if (start.startsWith("\uFEFF")) {
            start = start.substring(1).stripLeading();
        }
        if ((contentType != null && contentType.toLowerCase(Locale.ROOT).contains("html")) || start.startsWith("<")) {
            if (isServerError(httpStatus) && !namesPunishment(text)) {
                return byStatusOnly(httpStatus, "HTML server error page");
            }
            return DingTalkErrcode.IP_BANNED_DENY.classification("HTML answer: IP ban page (HTTP " + httpStatus + ")");
        }
        ObjectNode json = tryParse(text);
        if (json == null) {
            return byStatusOnly(httpStatus, start.isEmpty() ? "empty body" : "unreadable body");
        }
        if (json.has("punish") || intValue(json.get("status")) == 1111) {
            String punish = json.path("punish").isTextual() ? json.get("punish").textValue() : null;
            return DingTalkErrcode.IP_BANNED_DENY.classification(punish == null ? null : "punish=" + truncate(punish));
        }
        JsonNode errcodeNode = Json.opt(json, "errcode");
        if (errcodeNode != null) {
            return byErrcode(httpStatus, errcodeNode, textOf(json, "errmsg"));
        }
        JsonNode codeNode = Json.opt(json, "code");
        if (codeNode != null && codeNode.isTextual()) {
            return byCode(httpStatus, codeNode.textValue(), firstText(json, "message", "msg"));
        }
        if (isSuccess(httpStatus)) {
            return new Classification(Outcome.DELIVERED, Scope.MESSAGE, "0", "ok", Duration.ZERO);
        }
        return byStatusOnly(httpStatus, "JSON answer without errcode or code");
    }

    /**
     * Classifies a request that got no answer: timeouts and connection failures are RETRYABLE (a
     * timeout may still have delivered, so send with a {@code msgUuid}); our own validation errors
     * are PERMANENT — a message too large or malformed for the MESSAGE, a robot whose webhook URL or
     * secret cannot be used for the ROBOT.
     */
    public Classification classifyFailure(Throwable failure) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = failure; t != null && seen.put(t, Boolean.TRUE) == null && seen.size() <= 16; t = t.getCause()) {
            if (t instanceof MessageTooLargeException e) {
                return new Classification(Outcome.PERMANENT, Scope.MESSAGE, DingTalkErrcode.MESSAGE_TOO_LONG.code(), truncate(e.getMessage()), Duration.ZERO);
            }
            if (t instanceof SignatureException e) {
                return new Classification(Outcome.PERMANENT, Scope.ROBOT, "invalid." + e.field(), truncate(e.getMessage()), Duration.ZERO);
            }
            if (t instanceof DingTalkProtocolException e) {
                return new Classification(Outcome.PERMANENT, Scope.MESSAGE, "invalid." + e.field(), truncate(e.getMessage()), Duration.ZERO);
            }
            if (isTimeout(t)) {
                return new Classification(Outcome.RETRYABLE, Scope.MESSAGE, "timeout", describe(t), DEFAULT_RETRY_BACKOFF);
            }
            if (t instanceof IOException) {
                return new Classification(Outcome.RETRYABLE, Scope.MESSAGE, "connection", describe(t), DEFAULT_RETRY_BACKOFF);
            }
        }
        return new Classification(Outcome.RETRYABLE, Scope.MESSAGE, "unknown", failure == null ? "no failure given" : describe(failure),
                DEFAULT_RETRY_BACKOFF);
    }

    private static Classification byErrcode(int httpStatus, JsonNode node, String errmsg) {
        Long errcode = node.isIntegralNumber() && node.canConvertToLong() ? Long.valueOf(node.longValue())
                : node.isTextual() ? Json.parseDigits(node.textValue().trim()) : null;
        if (errcode == null) {
            String raw = node.isValueNode() ? node.asText() : Json.kind(node);
            return unknownCode(httpStatus, truncate(raw), errmsg);
        }
        if (errcode == 0) {
            return new Classification(Outcome.DELIVERED, Scope.MESSAGE, "0", errmsg == null ? "ok" : truncate(errmsg), Duration.ZERO);
        }
        if (errcode >= Integer.MIN_VALUE && errcode <= Integer.MAX_VALUE) {
            var known = DingTalkErrcode.byErrcode(errcode.intValue(), errmsg);
            if (known.isPresent()) {
                return known.get().classification(truncate(errmsg));
            }
        }
        return unknownCode(httpStatus, errcode.toString(), errmsg);
    }

    private static Classification unknownCode(int httpStatus, String code, String errmsg) {
        String message = errmsg == null ? "unknown code" : truncate(errmsg);
        if (httpStatus >= 500 && httpStatus <= 599) {
            return new Classification(Outcome.RETRYABLE, Scope.MESSAGE, code, message, DEFAULT_RETRY_BACKOFF);
        }
        return new Classification(Outcome.PERMANENT, Scope.MESSAGE, code, message, Duration.ZERO);
    }

    private static Classification byCode(int httpStatus, String code, String message) {
        var known = DingTalkErrcode.byCode(code);
        if (known.isPresent()) {
            Classification c = known.get().classification(truncate(message));
            // A family member keeps its own code (invalidParameter.robotCode.notExist): it names what to fix.
            return known.get().isFamily() ? new Classification(c.outcome(), c.scope(), truncate(code), c.message(), c.suggestedBackoff()) : c;
        }
        String c = truncate(code);
        String m = message == null ? "unknown code" : truncate(message);
        if (code.contains("QpsLimit")) {
            return new Classification(Outcome.THROTTLED, Scope.APP, c, m, Duration.ofSeconds(1));
        }
        if (code.contains("QpmLimit")) {
            return new Classification(Outcome.THROTTLED, Scope.APP, c, m, Duration.ofMinutes(1));
        }
        if (code.contains("CountLimit")) {
            return new Classification(Outcome.THROTTLED, Scope.ORG, c, m, DingTalkErrcode.API_COUNT_LIMIT_FOR_ORG.backoff());
        }
        if (isRetryableStatus(httpStatus)) {
            return new Classification(Outcome.RETRYABLE, Scope.MESSAGE, c, m, DEFAULT_RETRY_BACKOFF);
        }
        if (httpStatus == 401 || httpStatus == 403) {
            return new Classification(Outcome.PERMANENT, Scope.APP, c, m, Duration.ZERO);
        }
        if (isSuccess(httpStatus)) {
            return new Classification(Outcome.DELIVERED, Scope.MESSAGE, c, m, Duration.ZERO);
        }
        return new Classification(Outcome.PERMANENT, Scope.MESSAGE, c, m, Duration.ZERO);
    }

    private static Classification byStatusOnly(int httpStatus, String what) {
        String code = "http." + httpStatus;
        String message = what + " (HTTP " + httpStatus + ")";
        if (httpStatus >= 400 && httpStatus <= 499 && !isRetryableStatus(httpStatus)) {
            return new Classification(Outcome.PERMANENT, Scope.MESSAGE, code, message, Duration.ZERO);
        }
        // 5xx, 408, 425, 429, and 2xx/other statuses whose body we cannot read: delivery is uncertain.
        return new Classification(Outcome.RETRYABLE, Scope.MESSAGE, code, message, DEFAULT_RETRY_BACKOFF);
    }

    private static boolean isServerError(int httpStatus) {
        return httpStatus >= 500 && httpStatus <= 599;
    }

    /**
     * The ban page's marker, the word of its JSON form ({@code "punish":"deny"}). Not the digits 1111: a server error
     * page's request id may hold them.
     */
    private static boolean namesPunishment(String body) {
        return body.toLowerCase(Locale.ROOT).contains("punish");
    }

    private static boolean isSuccess(int httpStatus) {
        return httpStatus >= 200 && httpStatus <= 299;
    }

    private static boolean isRetryableStatus(int httpStatus) {
        return httpStatus == 408 || httpStatus == 425 || httpStatus == 429 || (httpStatus >= 500 && httpStatus <= 599);
    }

    private static ObjectNode tryParse(String text) {
        if (text.isBlank()) {
            return null;
        }
        try {
            return Json.readObject(text, Json.BODY);
        } catch (DingTalkProtocolException e) {
            return null;
        }
    }

    private static int intValue(JsonNode n) {
        if (n == null) {
            return Integer.MIN_VALUE;
        }
        if (n.isIntegralNumber() && n.canConvertToInt()) {
            return n.intValue();
        }
        if (n.isTextual()) {
            Long v = Json.parseDigits(n.textValue().trim());
            if (v != null && v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
                return v.intValue();
            }
        }
        return Integer.MIN_VALUE;
    }

    private static String textOf(ObjectNode json, String name) {
        JsonNode n = Json.opt(json, name);
        return n != null && n.isValueNode() ? n.asText() : null;
    }

    private static String firstText(ObjectNode json, String a, String b) {
        String v = textOf(json, a);
        return v != null ? v : textOf(json, b);
    }

    private static boolean isTimeout(Throwable t) {
        // Vert.x and Netty have their own timeout types (NoStackTraceTimeoutException, ReadTimeoutException);
        // matching the name avoids depending on them.
        return t instanceof SocketTimeoutException || t instanceof TimeoutException || t instanceof java.net.http.HttpTimeoutException
                || t.getClass().getSimpleName().contains("Timeout");
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        return truncate(t.getClass().getSimpleName() + (m == null ? "" : ": " + m));
    }

    private static String truncate(String s) {
        if (s == null) {
            return null;
        }
        if (s.length() <= MAX_MESSAGE_CHARS) {
            return s;
        }
        // Never cut a surrogate pair in half: the result must stay encodable as UTF-8.
        int end = Character.isHighSurrogate(s.charAt(MAX_MESSAGE_CHARS - 1)) ? MAX_MESSAGE_CHARS - 1 : MAX_MESSAGE_CHARS;
        return s.substring(0, end);
    }
}
