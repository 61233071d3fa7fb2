package io.dingrelay.simulator.dingtalk;

import io.dingrelay.protocol.DingTalkProtocolException;
import io.dingrelay.protocol.answer.DingTalkErrcode;
import io.dingrelay.protocol.message.KeywordCheck;
import io.dingrelay.protocol.message.MalformedMessageException;
import io.dingrelay.protocol.message.MessageCodec;
import io.dingrelay.protocol.message.MessageTooLargeException;
import io.dingrelay.protocol.message.RobotMessage;
import io.dingrelay.protocol.message.WebhookContentType;
import io.dingrelay.protocol.signature.SignatureException;
import io.dingrelay.protocol.signature.WebhookSigner;
import io.dingrelay.simulator.clock.SimClock;
import io.dingrelay.simulator.config.SimulatorConfig;
import io.dingrelay.simulator.dingtalk.Gate.Call;
import io.dingrelay.simulator.group.Group;
import io.dingrelay.simulator.group.GroupState;
import io.dingrelay.simulator.group.GroupStore;
import io.dingrelay.simulator.group.Security;
import io.dingrelay.simulator.limit.RobotThrottle;
import io.dingrelay.simulator.record.Recorder;
import io.dingrelay.simulator.session.Session;
import io.dingrelay.simulator.session.SessionStore;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * The custom-robot endpoints, checked as DingTalk checks them: {@code POST /robot/send} and
 * {@code POST /robot/sendBySession}. Plain Vert.x routes on the event loop (no blocking, no global lock):
 * the simulator's hot path. Order of checks: IP budget, injected faults, Content-Type, access_token,
 * group/robot state, 加签 and IP allow-list, an ongoing throttle ban, body size, message shape,
 * keywords, the per-minute limit; then the group receives the message.
 */
@ApplicationScoped
public class WebhookRoutes {

    static final String WEBHOOK = "webhook";
    static final String SESSION = "session";

    private final GroupStore groups;
    private final SessionStore sessions;
    private final Gate gate;
    private final Recorder recorder;
    private final SimClock clock;
    private final SimulatorConfig config;

    public WebhookRoutes(GroupStore groups, SessionStore sessions, Gate gate, Recorder recorder, SimClock clock,
                         SimulatorConfig config) {
        this.groups = groups;
        this.sessions = sessions;
        this.gate = gate;
        this.recorder = recorder;
        this.clock = clock;
        this.config = config;
    }

    void routes(@Observes Router router) {
        BodyHandler body = BodyHandler.create(false).setBodyLimit(config.maxRequestBytes());
        router.post("/robot/send").handler(body).handler(this::send);
        router.post("/robot/sendBySession").handler(body).handler(this::sendBySession);
    }

    void send(RoutingContext ctx) {
        Call call = gate.admit(ctx, WEBHOOK);
        if (call == null) {
            return;
        }
        Group g = groups.byToken(ctx.request().getParam("access_token"));
        gate.withFaults(call, g, () -> reject(call, g, Answers.throttled(call.limits())), () -> checkWebhook(call, g));
    }

    void sendBySession(RoutingContext ctx) {
        Call call = gate.admit(ctx, SESSION);
        if (call == null) {
            return;
        }
        Session s = sessions.find(ctx.request().getParam("session"));
        Group g = s == null ? null : groups.byId(s.groupId()).orElse(null);
        gate.withFaults(call, g, () -> reject(call, g, Answers.throttled(call.limits())), () -> checkSession(call, s, g));
    }

    private void checkWebhook(Call call, Group g) {
        RoutingContext ctx = call.ctx();
        if (!WebhookContentType.accepted(ctx.request().getHeader("Content-Type"))) {
            reject(call, g, DingTalkErrcode.INVALID_CONTENT_TYPE);
            return;
        }
        if (g == null || g.state() == GroupState.TOKEN_REVOKED) {
            reject(call, g, Answers.token(call.limits()));
            return;
        }
        if (!checkState(call, g)) {
            return;
        }
        if (g.security().contains(Security.SIGN)) {
            try {
                // Against real time, not the SimClock: the window compares the sender's clock with DingTalk's, and a
                // test advancing the simulated clock must not make every signed sender look an hour stale.
                WebhookSigner.verify(g.secret(), ctx.request().getParam("timestamp"), ctx.request().getParam("sign"), Clock.systemUTC());
            } catch (SignatureException e) {
                reject(call, g, WebhookSigner.errcodeOf(e), e.getMessage());
                return;
            }
        }
        if (g.security().contains(Security.IP) && !g.ips().allows(call.ip())) {
            reject(call, g, DingTalkErrcode.IP_NOT_IN_WHITELIST, "ip " + call.ip() + " not in whitelist");
            return;
        }
        long now = clock.millis();
        if (call.limits().robotEnabled() && g.throttle().bannedUntil(now) > 0) {
            reject(call, g, Answers.throttled(call.limits()));
            return;
        }
        RobotMessage m = parse(call, g);
        if (m == null) {
            return;
        }
        if (g.security().contains(Security.KEYWORDS) && !KeywordCheck.containsAny(m, g.keywords())) {
            reject(call, g, DingTalkErrcode.KEYWORDS_NOT_IN_CONTENT);
            return;
        }
        if (call.limits().robotEnabled()) {
            RobotThrottle.Decision d = g.throttle().tryAcquire(now, call.limits().robotPerMinute(), call.limits().robotBan().toMillis());
            if (d != RobotThrottle.Decision.ALLOWED) {
                reject(call, g, Answers.throttled(call.limits()));
                return;
            }
        }
        deliver(call, g, m);
    }

    private void checkSession(Call call, Session s, Group g) {
        if (!WebhookContentType.accepted(call.ctx().request().getHeader("Content-Type"))) {
            reject(call, g, DingTalkErrcode.INVALID_CONTENT_TYPE);
            return;
        }
        if (s == null || g == null || sessions.expired(s)) {
            reject(call, g, DingTalkErrcode.SESSION_NOT_EXIST);
            return;
        }
        if (!checkState(call, g)) {
            return;
        }
        RobotMessage m = parse(call, g);
        if (m != null) {
            deliver(call, g, m);
        }
    }

    private boolean checkState(Call call, Group g) {
        switch (g.state()) {
            case DISBANDED -> reject(call, g, DingTalkErrcode.GROUP_DISBANDED);
            case ROBOT_STOPPED -> reject(call, g, DingTalkErrcode.ROBOT_STOPPED);
            case TOKEN_REVOKED -> reject(call, g, Answers.token(call.limits()));
            default -> {
                return true;
            }
        }
        return false;
    }

    /** Size first (DingTalk answers 460101 before looking inside), then the strict parse. */
    private RobotMessage parse(Call call, Group g) {
        Buffer body = call.ctx().body().buffer();
        if (body == null || body.length() == 0) {
            reject(call, g, DingTalkErrcode.MISSING_JSON);
            return null;
        }
        try {
            return MessageCodec.parseWebhookBody(body.getBytes());
        } catch (MessageTooLargeException e) {
            reject(call, g, DingTalkErrcode.MESSAGE_TOO_LONG, e.getMessage());
        } catch (MalformedMessageException e) {
            reject(call, g, Answers.malformed(e), e.getMessage());
        } catch (DingTalkProtocolException e) {
            reject(call, g, DingTalkErrcode.MISSING_JSON, e.getMessage());
        }
        return null;
    }

    /**
     * The group receives it. On the custom-robot webhook DingTalk documents msgUuid as the idempotency key for a
     * retry after a timeout: a msgUuid the group already received is answered ok and not shown again (absorbed). It
     * is decided last, after every check and the per-minute limit (DingTalk publishes no exemption, so a re-send is
     * assumed to count). The sessionWebhook documents no msgUuid: a repeat there is shown and counted as a duplicate.
     */
    private void deliver(Call call, Group g, RobotMessage m) {
        String content = MessageCodec.toJson(m.msgUuid() == null ? m : m.withMsgUuid(null));
        recorder.accept(g, call.channel(), m.msgtype(), call.ctx().body().asString(StandardCharsets.UTF_8.name()), m.msgUuid(),
                content, WEBHOOK.equals(call.channel()));
        Replies.ok(call.ctx());
    }

    private void reject(Call call, Group g, DingTalkErrcode e) {
        reject(call, g, e, null);
    }

    /**
     * Answers with the table's errcode and errmsg. {@code detail} (which field, which IP) goes to the rejection log;
     * only the IP allow-list message carries it on the wire, as DingTalk's does.
     */
    private void reject(Call call, Group g, DingTalkErrcode e, String detail) {
        recorder.reject(call.channel(), g, e.code(), detail == null ? e.errmsg() : detail, call.ip());
        String wire = e == DingTalkErrcode.IP_NOT_IN_WHITELIST ? detail : e.errmsg();
        Replies.answer(call.ctx(), e, wire);
    }
}
