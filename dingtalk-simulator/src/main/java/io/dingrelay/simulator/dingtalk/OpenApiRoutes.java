package io.dingrelay.simulator.dingtalk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dingrelay.protocol.answer.DingTalkErrcode;
import io.dingrelay.protocol.message.MalformedMessageException;
import io.dingrelay.protocol.message.MessageTooLargeException;
import io.dingrelay.protocol.message.OpenApiTemplate;
import io.dingrelay.simulator.clock.SimClock;
import io.dingrelay.messaging.config.DingTalkAppsConfig;
import io.dingrelay.simulator.config.SimulatorConfig;
import io.dingrelay.simulator.group.Group;
import io.dingrelay.simulator.group.GroupState;
import io.dingrelay.simulator.group.GroupStore;
import io.dingrelay.simulator.limit.AppQpsLimiter;
import io.dingrelay.simulator.limit.Limits;
import io.dingrelay.simulator.openapi.AccessTokens;
import io.dingrelay.simulator.openapi.TemplateDisplay;
import io.dingrelay.simulator.record.Recorder;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.UUID;

/**
 * The robot OpenAPI of api.dingtalk.com: {@code POST /v1.0/oauth2/accessToken} and
 * {@code POST /v1.0/robot/groupMessages/send} with the access-token header, the per-app-and-API QPS limit,
 * msgKey/msgParam validation and DingTalk's {@code {"code","message","requestid"}} errors.
 */
@ApplicationScoped
public class OpenApiRoutes {

    static final String OPENAPI = "openapi";
    static final String TOKEN_API = "/v1.0/oauth2/accessToken";
    static final String GROUP_SEND_API = "/v1.0/robot/groupMessages/send";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final AccessTokens tokens;
    private final GroupStore groups;
    private final DingTalkAppsConfig apps;
    private final AppQpsLimiter qps;
    private final Recorder recorder;
    private final Gate gate;
    private final SimClock clock;
    private final SimulatorConfig config;

    public OpenApiRoutes(AccessTokens tokens, GroupStore groups, DingTalkAppsConfig apps, AppQpsLimiter qps,
                         Recorder recorder, Gate gate, SimClock clock, SimulatorConfig config) {
        this.tokens = tokens;
        this.groups = groups;
        this.apps = apps;
        this.qps = qps;
        this.recorder = recorder;
        this.gate = gate;
        this.clock = clock;
        this.config = config;
    }

    void routes(@Observes Router router) {
        BodyHandler body = BodyHandler.create(false).setBodyLimit(config.maxRequestBytes());
        router.post(TOKEN_API).handler(body).handler(this::accessToken);
        router.post(GROUP_SEND_API).handler(body).handler(this::groupSend);
    }

    void accessToken(RoutingContext ctx) {
        Gate.Call call = gate.admit(ctx, OPENAPI);
        if (call == null) {
            return;
        }
        String ip = call.ip();
        JsonNode req = readObject(ctx.body().buffer());
        String appKey = req == null ? null : text(req, "appKey");
        String appSecret = req == null ? null : text(req, "appSecret");
        var app = tokens.authenticate(appKey, appSecret);
        if (app.isEmpty()) {
            fail(ctx, ip, null, DingTalkErrcode.INVALID_CLIENT_ID_OR_SECRET);
            return;
        }
        AccessTokens.Issued t = tokens.issue(app.get().getKey(), appKey);
        Replies.json(ctx, 200, "{\"accessToken\":\"" + t.token() + "\",\"expireIn\":"
                + call.limits().accessTokenLifetime().toSeconds() + "}");
    }

    void groupSend(RoutingContext ctx) {
        Gate.Call call = gate.admit(ctx, OPENAPI);
        if (call == null) {
            return;
        }
        String ip = call.ip();
        Limits l = call.limits();
        AccessTokens.Issued token = tokens.valid(ctx.request().getHeader("x-acs-dingtalk-access-token"));
        if (token == null) {
            fail(ctx, ip, null, DingTalkErrcode.INVALID_AUTHENTICATION);
            return;
        }
        if (!qps.tryAcquire(token.appKey(), GROUP_SEND_API, clock.millis(), l)) {
            fail(ctx, ip, null, DingTalkErrcode.QPS_LIMIT_FOR_APPKEY_AND_API);
            return;
        }
        JsonNode req = readObject(ctx.body().buffer());
        if (req == null) {
            invalid(ctx, ip, null, "body", "请求体不是合法的 JSON 对象");
            return;
        }
        Group g = groups.byConversationId(text(req, "openConversationId"));
        gate.withFaults(call, g, () -> fail(ctx, ip, g, DingTalkErrcode.QPS_LIMIT_FOR_APPKEY_AND_API),
                () -> validateAndDeliver(ctx, ip, token, req, g));
    }

    private void validateAndDeliver(RoutingContext ctx, String ip, AccessTokens.Issued token, JsonNode req, Group g) {
        String robotCode = text(req, "robotCode");
        if (robotCode == null || robotCode.isEmpty()) {
            invalid(ctx, ip, g, "robotCode", "robotCode 不能为空");
            return;
        }
        DingTalkAppsConfig.App app = apps.apps().get(token.app());
        if (app == null || !app.appKey().equals(robotCode)) {
            invalid(ctx, ip, g, "robotCode", "robotCode 与应用不匹配");
            return;
        }
        if (g == null) {
            invalid(ctx, ip, null, "openConversationId", "群会话不存在");
            return;
        }
        if (g.state() == GroupState.DISBANDED) {
            fail(ctx, ip, g, DingTalkErrcode.GROUP_DISBANDED_OPENAPI);
            return;
        }
        if (g.state() == GroupState.ROBOT_STOPPED) {
            fail(ctx, ip, g, DingTalkErrcode.BOT_STOPPED);
            return;
        }
        OpenApiTemplate template = OpenApiTemplate.byMsgKey(text(req, "msgKey")).orElse(null);
        if (template == null) {
            invalid(ctx, ip, g, "msgKey", "不支持的 msgKey");
            return;
        }
        ObjectNode param;
        try {
            param = template.validate(text(req, "msgParam"));
        } catch (MessageTooLargeException e) {
            fail(ctx, ip, g, DingTalkErrcode.MSG_PARAM_TOO_LONG);
            return;
        } catch (MalformedMessageException e) {
            invalid(ctx, ip, g, "msgParam", msgParamMessage(e));
            return;
        }
        var display = TemplateDisplay.display(template, param);
        recorder.accept(g, OPENAPI, display.path("msgtype").asText(), display.toString(), null);
        Replies.json(ctx, 200, "{\"processQueryKey\":\"" + UUID.randomUUID() + "\"}");
    }

    /** Our wording of what is wrong with msgParam; the field comes from the library ({@code msgParam.content}, …). */
    private static String msgParamMessage(MalformedMessageException e) {
        return switch (e.problem()) {
            case NOT_JSON -> "msgParam 必须是 JSON 对象字符串";
            case MISSING_FIELD -> e.field() + " 不能为空";
            default -> "msgParam 不合法 " + e.getMessage();
        };
    }

    private void fail(RoutingContext ctx, String ip, Group g, DingTalkErrcode e) {
        recorder.reject(OPENAPI, g, e.code(), e.errmsg(), ip);
        Replies.answer(ctx, e, null);
    }

    /** 400 {@code invalidParameter.<field>}: the table's family entry, with our message naming what is wrong. */
    private void invalid(RoutingContext ctx, String ip, Group g, String field, String message) {
        DingTalkErrcode e = DingTalkErrcode.INVALID_PARAMETER;
        recorder.reject(OPENAPI, g, e.code(field), message, ip);
        Replies.answer(ctx, e, field, message);
    }

    private static JsonNode readObject(Buffer b) {
        if (b == null || b.length() == 0) {
            return null;
        }
        try {
            JsonNode n = MAPPER.readTree(b.getBytes());
            return n != null && n.isObject() ? n : null;
        } catch (Exception e) {
            return null;
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.isTextual() ? v.textValue() : null;
    }

}
