package io.dingrelay.protocol.answer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.dingrelay.protocol.message.BodySize;
import io.dingrelay.protocol.message.MessageTooLargeException;
import io.dingrelay.protocol.signature.SignatureException;
import io.dingrelay.protocol.signature.WebhookSigner;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class AnswerClassifierTest {

    private static final String JSON = "application/json;charset=UTF-8";
    private final AnswerClassifier classifier = new AnswerClassifier();

    private static void assertClassified(Classification c, Outcome outcome, Scope scope, String code, Duration backoff) {
        assertThat(c.outcome()).as("outcome of %s", c).isEqualTo(outcome);
        assertThat(c.scope()).as("scope of %s", c).isEqualTo(scope);
        assertThat(c.code()).as("code of %s", c).isEqualTo(code);
        assertThat(c.suggestedBackoff()).as("backoff of %s", c).isEqualTo(backoff);
    }

    @Nested
    class Delivered {

        @Test
        void errcodeZeroAsNumberOrString() {
            assertClassified(classifier.classify(200, JSON, "{\"errcode\":0,\"errmsg\":\"ok\"}"), Outcome.DELIVERED, Scope.MESSAGE, "0", Duration.ZERO);
            // D-CUSTSEND's own sample sends the code as a string.
            assertClassified(classifier.classify(200, JSON, "{\"errcode\":\"0\",\"errmsg\":\"ok\"}"), Outcome.DELIVERED, Scope.MESSAGE, "0", Duration.ZERO);
            assertClassified(classifier.classify(200, null, " {\"errmsg\":\"ok\",\"errcode\":\" 0 \"} "), Outcome.DELIVERED, Scope.MESSAGE, "0", Duration.ZERO);
            assertThat(classifier.classify(200, JSON, "{\"errcode\":0,\"errmsg\":\"ok\"}").isDelivered()).isTrue();
        }

        @Test
        void openApiSuccessBodyWithoutCode() {
            assertClassified(classifier.classify(200, JSON, "{\"processQueryKey\":\"abc\"}"), Outcome.DELIVERED, Scope.MESSAGE, "0", Duration.ZERO);
        }
    }

    @Nested
    class IpBan {

        @Test
        void htmlPageByContentTypeOrByContentIsAnIpBan() {
            for (int status : new int[] {200, 403, 429}) {
                assertClassified(classifier.classify(status, "text/html", "<html><body>denied</body></html>"),
                        Outcome.IP_BANNED, Scope.IP, "1111", Duration.ofMinutes(5));
            }
            assertClassified(classifier.classify(200, null, "\n  <!DOCTYPE html><html></html>"), Outcome.IP_BANNED, Scope.IP, "1111", Duration.ofMinutes(5));
            assertClassified(classifier.classify(200, "TEXT/HTML; charset=gbk", ""), Outcome.IP_BANNED, Scope.IP, "1111", Duration.ofMinutes(5));
        }

        @Test
        void anHtmlServerErrorPageIsRetryableNotABan() {
            for (int status : new int[] {500, 502, 503, 504}) {
                Classification c = classifier.classify(status, "text/html", "<html><body><h1>" + status + " Service Unavailable</h1></body></html>");
                assertClassified(c, Outcome.RETRYABLE, Scope.MESSAGE, "http." + status, AnswerClassifier.DEFAULT_RETRY_BACKOFF);
                assertThat(c.message()).contains("HTML server error page");
            }
            // by content alone (no content type), as a proxy may answer
            assertClassified(classifier.classify(502, null, "<!DOCTYPE html><html><body>Bad Gateway</body></html>"),
                    Outcome.RETRYABLE, Scope.MESSAGE, "http.502", AnswerClassifier.DEFAULT_RETRY_BACKOFF);
        }

        @Test
        void anHtmlPageNamingThePunishmentIsAnIpBanWhateverItsStatus() {
            String page = "<!DOCTYPE html><html><head><title>访问被拒绝</title></head><body><h1>访问被拒绝</h1>"
                    + "<p>您的访问过于频繁，请稍后再试。(punish: deny, wait 300s)</p></body></html>";
            for (int status : new int[] {200, 403, 503}) {
                assertClassified(classifier.classify(status, "text/html;charset=utf-8", page), Outcome.IP_BANNED, Scope.IP, "1111",
                        Duration.ofMinutes(5));
            }
            // a request id that happens to hold 1111 does not make a server error page a ban
            assertClassified(classifier.classify(503, "text/html", "<html><body>503, request 11115</body></html>"), Outcome.RETRYABLE,
                    Scope.MESSAGE, "http.503", AnswerClassifier.DEFAULT_RETRY_BACKOFF);
        }

        @Test
        void punishJsonIsAnIpBan() {
            String body = "{\"status\":1111,\"wait\":5,\"source\":\"x5\",\"punish\":\"deny\",\"uuid\":\"xxx\"}";
            Classification c = classifier.classify(200, JSON, body);
            assertClassified(c, Outcome.IP_BANNED, Scope.IP, "1111", Duration.ofMinutes(5));
            assertThat(c.isRetryable()).isTrue();
            assertClassified(classifier.classify(200, JSON, "{\"status\":\"1111\"}"), Outcome.IP_BANNED, Scope.IP, "1111", Duration.ofMinutes(5));
            assertClassified(classifier.classify(403, JSON, "{\"punish\":\"deny\"}"), Outcome.IP_BANNED, Scope.IP, "1111", Duration.ofMinutes(5));
        }
    }

    @Nested
    class Table {

        @ParameterizedTest(name = "{0} {1} -> {3} {4}")
        @CsvSource(delimiter = '|', value = {
                // status | body | code | outcome | scope | backoff (ISO-8601)
                "200|{\"errcode\":410100,\"errmsg\":\"发送速度太快而限流\"}|410100|THROTTLED|ROBOT|PT10M",
                "200|{\"errcode\":130101,\"errmsg\":\"send too fast, exceed 20 times per minute\"}|130101|THROTTLED|ROBOT|PT10M",
                "403|{\"code\":\"Forbidden.AccessDenied.QpsLimitForAppkeyAndApi\",\"message\":\"x\",\"requestid\":\"r\"}|Forbidden.AccessDenied.QpsLimitForAppkeyAndApi|THROTTLED|APP|PT1S",
                "403|{\"code\":\"Forbidden.AccessDenied.QpsLimitForSuitekeyAndOrgAndApi\"}|Forbidden.AccessDenied.QpsLimitForSuitekeyAndOrgAndApi|THROTTLED|APP|PT1S",
                "403|{\"code\":\"Forbidden.AccessDenied.QpsLimitForApi\"}|Forbidden.AccessDenied.QpsLimitForApi|THROTTLED|APP|PT1S",
                "403|{\"code\":\"Forbidden.AccessDenied.QpmLimitForAppkeyAndApi\"}|Forbidden.AccessDenied.QpmLimitForAppkeyAndApi|THROTTLED|APP|PT1M",
                "403|{\"code\":\"Forbidden.AccessDenied.QpsLimitForSomethingNew\"}|Forbidden.AccessDenied.QpsLimitForSomethingNew|THROTTLED|APP|PT1S",
                "200|{\"errcode\":90018,\"errmsg\":\"x\"}|90018|THROTTLED|APP|PT1S",
                "200|{\"errcode\":90002,\"errmsg\":\"x\"}|90002|THROTTLED|APP|PT1S",
                "200|{\"errcode\":90020,\"errmsg\":\"x\"}|90020|THROTTLED|ORG|PT1H",
                "403|{\"code\":\"Forbidden.AccessDenied.ApiCountLimitForOrg\"}|Forbidden.AccessDenied.ApiCountLimitForOrg|THROTTLED|ORG|PT1H",
                "400|{\"code\":\"send.too.fast\",\"message\":\"x\"}|send.too.fast|THROTTLED|ROBOT|PT1M",
                "200|{\"errcode\":-1,\"errmsg\":\"系统繁忙\"}|-1|RETRYABLE|MESSAGE|PT1S",
                "500|{\"code\":\"system.error\",\"message\":\"x\"}|system.error|RETRYABLE|MESSAGE|PT1S",
                "429|{\"code\":\"system.busy\",\"message\":\"x\"}|system.busy|RETRYABLE|MESSAGE|PT1S",
                "429|{\"code\":\"systemBusy\"}|systemBusy|RETRYABLE|MESSAGE|PT1S",
                "502||http.502|RETRYABLE|MESSAGE|PT1S",
                "503|Service Unavailable|http.503|RETRYABLE|MESSAGE|PT1S",
                "429|{}|http.429|RETRYABLE|MESSAGE|PT1S",
                "500|{\"code\":\"something.unknown\"}|something.unknown|RETRYABLE|MESSAGE|PT1S",
                "200|not json at all|http.200|RETRYABLE|MESSAGE|PT1S",
                "0||http.0|RETRYABLE|MESSAGE|PT1S",
                "200|{\"errcode\":400013,\"errmsg\":\"群已被解散\"}|400013|PERMANENT|GROUP|PT0S",
                "400|{\"code\":\"group.disbanded\"}|group.disbanded|PERMANENT|GROUP|PT0S",
                "200|{\"errcode\":400101,\"errmsg\":\"access_token不存在\"}|400101|PERMANENT|ROBOT|PT0S",
                "200|{\"errcode\":300001,\"errmsg\":\"token is not exist\"}|300001|PERMANENT|ROBOT|PT0S",
                "200|{\"errcode\":300005,\"errmsg\":\"token is not exist\"}|300005|PERMANENT|ROBOT|PT0S",
                "200|{\"errcode\":400102,\"errmsg\":\"机器人已停用\"}|400102|PERMANENT|ROBOT|PT0S",
                "200|{\"errcode\":400106,\"errmsg\":\"机器人不存在\"}|400106|PERMANENT|ROBOT|PT0S",
                "400|{\"code\":\"bot.stopped\",\"message\":\"群机器人已经停用\"}|bot.stopped|PERMANENT|ROBOT|PT0S",
                "200|{\"errcode\":310000,\"errmsg\":\"sign not match\"}|310000|PERMANENT|ROBOT|PT0S",
                "200|{\"errcode\":310000,\"errmsg\":\"ip 10.1.2.3 not in whitelist\"}|310000|PERMANENT|ROBOT|PT0S",
                "200|{\"errcode\":310000,\"errmsg\":\"some new security failure\"}|310000|PERMANENT|ROBOT|PT0S",
                "200|{\"errcode\":310000,\"errmsg\":\"keywords not in content\"}|310000|PERMANENT|MESSAGE|PT0S",
                "200|{\"errcode\":310000,\"errmsg\":\"invalid timestamp\"}|310000|PERMANENT|MESSAGE|PT0S",
                "200|{\"errcode\":300001,\"errmsg\":\"session 不存在\"}|300001|PERMANENT|MESSAGE|PT0S",
                "200|{\"errcode\":43004,\"errmsg\":\"无效的HTTP HEADER Content-Type\"}|43004|PERMANENT|MESSAGE|PT0S",
                "200|{\"errcode\":460101,\"errmsg\":\"message too long, exceed 20000 bytes\"}|460101|PERMANENT|MESSAGE|PT0S",
                "200|{\"errcode\":101002,\"errmsg\":\"message is too long\"}|101002|PERMANENT|MESSAGE|PT0S",
                "200|{\"errcode\":400105,\"errmsg\":\"不支持的消息类型\"}|400105|PERMANENT|MESSAGE|PT0S",
                "200|{\"errcode\":40035,\"errmsg\":\"缺少参数 json\"}|40035|PERMANENT|MESSAGE|PT0S",
                "200|{\"errcode\":430101,\"errmsg\":\"含有不安全的外链\"}|430101|PERMANENT|MESSAGE|PT0S",
                "200|{\"errcode\":430102}|430102|PERMANENT|MESSAGE|PT0S",
                "200|{\"errcode\":430103}|430103|PERMANENT|MESSAGE|PT0S",
                "200|{\"errcode\":430104}|430104|PERMANENT|MESSAGE|PT0S",
                "400|{\"code\":\"invalidParameter.msgParam.tooLong\"}|invalidParameter.msgParam.tooLong|PERMANENT|MESSAGE|PT0S",
                "400|{\"code\":\"session.expired\"}|session.expired|PERMANENT|MESSAGE|PT0S",
                "400|{\"code\":\"session.notExisted\"}|session.notExisted|PERMANENT|MESSAGE|PT0S",
                "400|{\"code\":\"invalidClientIdOrSecret\"}|invalidClientIdOrSecret|PERMANENT|APP|PT0S",
                "200|{\"errcode\":88,\"errmsg\":\"鉴权异常\"}|88|PERMANENT|APP|PT0S",
                "403|{\"code\":\"Forbidden.AccessDenied.AccessTokenPermissionDenied\"}|Forbidden.AccessDenied.AccessTokenPermissionDenied|PERMANENT|APP|PT0S",
                "400|{\"code\":\"invalidParameter.something\"}|invalidParameter.something|PERMANENT|MESSAGE|PT0S",
                "400|{\"code\":\"invalidParameter.robotCode.notExist\",\"message\":\"x\"}|invalidParameter.robotCode.notExist|PERMANENT|MESSAGE|PT0S",
                // The family is in the table, so its meaning does not depend on the HTTP status (an unknown code with 200 would be DELIVERED).
                "200|{\"code\":\"invalidParameter.msgKey\"}|invalidParameter.msgKey|PERMANENT|MESSAGE|PT0S",
                "0|{\"code\":\"invalidParameter.msgParam.tooLong\"}|invalidParameter.msgParam.tooLong|PERMANENT|MESSAGE|PT0S",
                "401|{\"code\":\"InvalidAuthentication\",\"message\":\"不合法的access_token\",\"requestid\":\"r\"}|InvalidAuthentication|PERMANENT|APP|PT0S",
                "200|{\"code\":\"InvalidAuthentication\"}|InvalidAuthentication|PERMANENT|APP|PT0S",
                "404|Not Found|http.404|PERMANENT|MESSAGE|PT0S",
                "200|{\"errcode\":123456,\"errmsg\":\"never seen\"}|123456|PERMANENT|MESSAGE|PT0S",
                "503|{\"errcode\":123456,\"errmsg\":\"never seen\"}|123456|RETRYABLE|MESSAGE|PT1S",
                "200|{\"errcode\":\"abc\"}|abc|PERMANENT|MESSAGE|PT0S",
                "200|{\"errcode\":99999999999}|99999999999|PERMANENT|MESSAGE|PT0S",
                "200|{\"errcode\":1.5}|1.5|PERMANENT|MESSAGE|PT0S"})
        void classifiesEachDocumentedCase(int status, String body, String code, Outcome outcome, Scope scope, Duration backoff) {
            assertClassified(classifier.classify(status, JSON, body == null ? "" : body), outcome, scope, code, backoff);
        }

        @Test
        void dingTalksMessageIsKeptAndTruncated() {
            assertThat(classifier.classify(200, JSON, "{\"errcode\":123456,\"errmsg\":\"never seen\"}").message()).isEqualTo("never seen");
            String longMsg = "长".repeat(10_000);
            assertThat(classifier.classify(200, JSON, "{\"errcode\":123456,\"errmsg\":\"" + longMsg + "\"}").message())
                    .hasSize(AnswerClassifier.MAX_MESSAGE_CHARS);
            String emoji = "😀".repeat(300);
            assertThat(classifier.classify(200, JSON, "{\"errcode\":1,\"errmsg\":\"" + emoji + "\"}").message())
                    .hasSize(AnswerClassifier.MAX_MESSAGE_CHARS).matches(s -> !Character.isHighSurrogate(s.charAt(s.length() - 1)));
        }
    }

    @Nested
    class TableIntegrity {

        /** What the simulator renders from the table is read back as the same entry. */
        @ParameterizedTest
        @EnumSource(DingTalkErrcode.class)
        void everyRenderedAnswerClassifiesBackToItsEntry(DingTalkErrcode e) {
            Classification c = classifier.classify(e.httpStatus(), e.contentType(), e.body("req-1"));
            assertThat(c).isEqualTo(e.classification(e == DingTalkErrcode.IP_BANNED_DENY ? "punish=deny" : e.errmsg()));
        }

        @ParameterizedTest
        @EnumSource(DingTalkErrcode.class)
        void everyEntryIsFoundByItsOwnCodeAndMessage(DingTalkErrcode e) {
            switch (e.channel()) {
                case WEBHOOK -> assertThat(DingTalkErrcode.byErrcode(e.errcode(), e.errmsg())).contains(e);
                case OPENAPI -> assertThat(DingTalkErrcode.byCode(e.code())).contains(e);
                default -> assertThat(e.outcome()).isEqualTo(Outcome.IP_BANNED);
            }
            assertThat(e.backoff().isZero()).isEqualTo(e.outcome() == Outcome.DELIVERED || e.outcome() == Outcome.PERMANENT);
        }

        @Test
        void rendersDingTalksShapesExactly() {
            assertThat(DingTalkErrcode.SEND_TOO_FAST.body(null)).isEqualTo("{\"errcode\":410100,\"errmsg\":\"发送速度太快而限流\"}");
            assertThat(DingTalkErrcode.OK.body(null)).isEqualTo("{\"errcode\":0,\"errmsg\":\"ok\"}");
            assertThat(DingTalkErrcode.IP_NOT_IN_WHITELIST.body("ip 1.2.3.4 not in whitelist", null))
                    .isEqualTo("{\"errcode\":310000,\"errmsg\":\"ip 1.2.3.4 not in whitelist\"}");
            assertThat(DingTalkErrcode.QPS_LIMIT_FOR_APPKEY_AND_API.body("req-1")).isEqualTo(
                    "{\"code\":\"Forbidden.AccessDenied.QpsLimitForAppkeyAndApi\",\"message\":\"app QPS limit for this API exceeded\",\"requestid\":\"req-1\"}");
            assertThat(DingTalkErrcode.SYSTEM_ERROR.body(null)).isEqualTo("{\"code\":\"system.error\",\"message\":\"系统错误\"}");
            assertThat(DingTalkErrcode.IP_BANNED_DENY.body("u-1"))
                    .isEqualTo("{\"status\":1111,\"wait\":5,\"source\":\"x5\",\"punish\":\"deny\",\"uuid\":\"u-1\"}");
            assertThat(DingTalkErrcode.QPS_LIMIT_FOR_APPKEY_AND_API.httpStatus()).isEqualTo(403);
            assertThat(DingTalkErrcode.SEND_TOO_FAST.httpStatus()).isEqualTo(200);
        }

        @Test
        void invalidParameterIsOneEntryForTheWholeFamily() {
            assertThat(DingTalkErrcode.byCode("invalidParameter.msgKey")).contains(DingTalkErrcode.INVALID_PARAMETER);
            assertThat(DingTalkErrcode.byCode("invalidParameter.robotCode.notExist")).contains(DingTalkErrcode.INVALID_PARAMETER);
            assertThat(DingTalkErrcode.byCode("invalidParameter")).contains(DingTalkErrcode.INVALID_PARAMETER);
            // A member with an entry of its own is found as that entry.
            assertThat(DingTalkErrcode.byCode("invalidParameter.msgParam.tooLong")).contains(DingTalkErrcode.MSG_PARAM_TOO_LONG);
            // Only <family>.<non-empty suffix>, case-sensitive.
            assertThat(DingTalkErrcode.byCode("invalidParameter.")).isEmpty();
            assertThat(DingTalkErrcode.byCode("invalidParameterX")).isEmpty();
            assertThat(DingTalkErrcode.byCode("InvalidParameter.msgKey")).isEmpty();
            assertThat(DingTalkErrcode.values()).filteredOn(DingTalkErrcode::isFamily).containsExactly(DingTalkErrcode.INVALID_PARAMETER);
        }

        @Test
        void familyMembersRenderAndClassifyBackWithTheirOwnCode() {
            DingTalkErrcode e = DingTalkErrcode.INVALID_PARAMETER;
            assertThat(e.code("msgKey")).isEqualTo("invalidParameter.msgKey");
            assertThat(e.body("msgKey", "不支持的 msgKey", "req-1"))
                    .isEqualTo("{\"code\":\"invalidParameter.msgKey\",\"message\":\"不支持的 msgKey\",\"requestid\":\"req-1\"}");
            assertThat(e.body("robotCode", null, null)).isEqualTo("{\"code\":\"invalidParameter.robotCode\",\"message\":\"参数错误\"}");
            assertThat(e.httpStatus()).isEqualTo(400);
            Classification c = classifier.classify(e.httpStatus(), e.contentType(), e.body("openConversationId", "群会话不存在", "r"));
            assertClassified(c, Outcome.PERMANENT, Scope.MESSAGE, "invalidParameter.openConversationId", Duration.ZERO);
            assertThat(c.message()).isEqualTo("群会话不存在");
            assertThatThrownBy(() -> DingTalkErrcode.MSG_PARAM_TOO_LONG.code("x")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> e.code("")).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void invalidAccessTokenRendersAsTheGatewaysAnswer() {
            assertThat(DingTalkErrcode.INVALID_AUTHENTICATION.httpStatus()).isEqualTo(401);
            assertThat(DingTalkErrcode.INVALID_AUTHENTICATION.body("req-1"))
                    .isEqualTo("{\"code\":\"InvalidAuthentication\",\"message\":\"不合法的access_token\",\"requestid\":\"req-1\"}");
            assertThat(DingTalkErrcode.INVALID_AUTHENTICATION.isFamily()).isFalse();
        }

        @Test
        void lookupsOfUnknownCodesAreEmpty() {
            assertThat(DingTalkErrcode.byErrcode(424242)).isEmpty();
            assertThat(DingTalkErrcode.byCode("nope")).isEmpty();
            assertThat(DingTalkErrcode.byCode(null)).isEmpty();
            assertThat(DingTalkErrcode.byErrcode(310000)).contains(DingTalkErrcode.SIGN_NOT_MATCH);
            assertThat(DingTalkErrcode.byErrcode(310000, "KEYWORDS NOT IN CONTENT")).contains(DingTalkErrcode.KEYWORDS_NOT_IN_CONTENT);
        }
    }

    @Nested
    class Failures {

        @Test
        void timeoutsAndConnectionErrorsAreRetryable() {
            assertClassified(classifier.classifyFailure(new SocketTimeoutException("read timed out")), Outcome.RETRYABLE, Scope.MESSAGE, "timeout", Duration.ofSeconds(1));
            assertClassified(classifier.classifyFailure(new HttpTimeoutException("t")), Outcome.RETRYABLE, Scope.MESSAGE, "timeout", Duration.ofSeconds(1));
            assertClassified(classifier.classifyFailure(new TimeoutException()), Outcome.RETRYABLE, Scope.MESSAGE, "timeout", Duration.ofSeconds(1));
            assertClassified(classifier.classifyFailure(new NoStackTraceTimeoutException()), Outcome.RETRYABLE, Scope.MESSAGE, "timeout", Duration.ofSeconds(1));
            assertClassified(classifier.classifyFailure(new ConnectException("refused")), Outcome.RETRYABLE, Scope.MESSAGE, "connection", Duration.ofSeconds(1));
            assertClassified(classifier.classifyFailure(new UnknownHostException("oapi.dingtalk.com")), Outcome.RETRYABLE, Scope.MESSAGE, "connection", Duration.ofSeconds(1));
            assertClassified(classifier.classifyFailure(new CompletionException(new IOException("Connection reset"))), Outcome.RETRYABLE, Scope.MESSAGE, "connection", Duration.ofSeconds(1));
        }

        /** Stands in for Vert.x's NoStackTraceTimeoutException, matched by name. */
        static final class NoStackTraceTimeoutException extends RuntimeException {
        }

        @Test
        void ourOwnValidationErrorsArePermanent() {
            var tooLarge = catchThrowableOfType(MessageTooLargeException.class, () -> BodySize.check(new byte[20_001]));
            assertClassified(classifier.classifyFailure(tooLarge), Outcome.PERMANENT, Scope.MESSAGE, "460101", Duration.ZERO);
            var badUrl = catchThrowableOfType(SignatureException.class, () -> WebhookSigner.signUrl("not a url", "SEC", 1));
            assertClassified(classifier.classifyFailure(new RuntimeException(badUrl)), Outcome.PERMANENT, Scope.ROBOT, "invalid.webhookUrl", Duration.ZERO);
            var malformed = catchThrowableOfType(io.dingrelay.protocol.message.MalformedMessageException.class,
                    () -> io.dingrelay.protocol.message.TextMessage.of(""));
            assertClassified(classifier.classifyFailure(malformed), Outcome.PERMANENT, Scope.MESSAGE, "invalid.text.content", Duration.ZERO);
        }

        @Test
        void unknownNullAndCyclicFailuresAreRetryableUnknown() {
            assertClassified(classifier.classifyFailure(new IllegalStateException("boom")), Outcome.RETRYABLE, Scope.MESSAGE, "unknown", Duration.ofSeconds(1));
            assertClassified(classifier.classifyFailure(null), Outcome.RETRYABLE, Scope.MESSAGE, "unknown", Duration.ofSeconds(1));
            RuntimeException a = new RuntimeException("a");
            RuntimeException b = new RuntimeException("b", a);
            a.initCause(b);
            assertClassified(classifier.classifyFailure(a), Outcome.RETRYABLE, Scope.MESSAGE, "unknown", Duration.ofSeconds(1));
        }
    }
}
