package io.dingrelay.simulator.dingtalk;

import io.dingrelay.protocol.answer.DingTalkErrcode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Writes DingTalk's answers: errcode JSON (HTTP 200), OpenAPI error JSON, the IP-ban page, injected 5xx. */
final class Replies {

    static final String JSON = "application/json;charset=utf-8";
    private static final Buffer OK_BODY = Buffer.buffer("{\"errcode\":0,\"errmsg\":\"ok\"}".getBytes(StandardCharsets.UTF_8));

    private Replies() {
    }

    /** {@code {"errcode":0,"errmsg":"ok"}}, the hot path's answer, from one shared buffer. */
    static void ok(RoutingContext ctx) {
        ctx.response().setStatusCode(200).putHeader("Content-Type", JSON).end(OK_BODY.copy());
    }

    /**
     * An answer from the protocol library's table, in its channel's shape and HTTP status (200 with errcode JSON for
     * oapi; the error status with {@code code/message/requestid} for api.dingtalk.com).
     */
    static void answer(RoutingContext ctx, DingTalkErrcode e, String message) {
        String requestId = e.channel() == DingTalkErrcode.Channel.OPENAPI ? requestId() : null;
        json(ctx, e.httpStatus(), e.body(message == null ? e.errmsg() : message, requestId));
    }

    /** One member of a family of the table ({@code invalidParameter.<suffix>}), with its HTTP status and a specific message. */
    static void answer(RoutingContext ctx, DingTalkErrcode family, String suffix, String message) {
        json(ctx, family.httpStatus(), family.body(suffix, message, requestId()));
    }

    private static String requestId() {
        return UUID.randomUUID().toString().toUpperCase();
    }

    static void json(RoutingContext ctx, int status, String body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", JSON).end(body);
    }

    /** The per-IP ban answer: not DingTalk's JSON but the gateway's {@code punish} JSON or its HTML block page. */
    static void punish(RoutingContext ctx, String kind, long waitSeconds) {
        HttpServerResponse r = ctx.response().setStatusCode(200);
        if ("html".equals(kind)) {
            r.putHeader("Content-Type", "text/html;charset=utf-8").end(
                    "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>访问被拒绝</title></head><body>"
                            + "<h1>访问被拒绝</h1><p>您的访问过于频繁，请稍后再试。(punish: deny, wait " + waitSeconds + "s)</p>"
                            + "</body></html>");
        } else {
            r.putHeader("Content-Type", JSON).end(DingTalkErrcode.IP_BANNED_DENY.body(UUID.randomUUID().toString()));
        }
    }

    /** An injected server error with a plain body, as a failing load balancer would send it. */
    static void serverError(RoutingContext ctx, int status) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "text/html").end(
                "<html><body><h1>" + status + " injected by the simulator</h1></body></html>");
    }
}
