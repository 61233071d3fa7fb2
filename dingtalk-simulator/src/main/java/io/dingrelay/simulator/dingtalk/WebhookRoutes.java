package io.dingrelay.simulator.dingtalk;

import io.dingrelay.protocol.DingTalkProtocolException;
import io.dingrelay.protocol.answer.DingTalkErrcode;
import io.dingrelay.protocol.message.MalformedMessageException;
import io.dingrelay.protocol.message.MessageCodec;
import io.dingrelay.protocol.message.MessageTooLargeException;
import io.dingrelay.protocol.message.RobotMessage;
import io.dingrelay.protocol.signature.SignatureException;
import io.dingrelay.protocol.signature.WebhookSigner;
import io.dingrelay.simulator.clock.SimClock;
import io.dingrelay.simulator.config.SimulatorConfig;
import io.dingrelay.simulator.fault.FaultAction;
import io.dingrelay.simulator.fault.FaultInjector;
import io.dingrelay.simulator.fault.FaultSpec;
import io.dingrelay.simulator.group.Group;
import io.dingrelay.simulator.group.GroupState;
import io.dingrelay.simulator.group.GroupStore;
import io.dingrelay.simulator.group.Security;
import io.dingrelay.simulator.limit.IpBudget;
import io.dingrelay.simulator.limit.LimitSettings;
import io.dingrelay.simulator.limit.Limits;
import io.dingrelay.simulator.limit.RobotThrottle;
import io.dingrelay.simulator.record.Recorder;
import io.dingrelay.simulator.session.Session;
import io.dingrelay.simulator.session.SessionStore;
import io.vertx.core.Vertx;
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
    private final LimitSettings limits;
    private final IpBudget ipBudget;
    private final Recorder recorder;
    private final FaultInjector faults;
    private final SimClock clock;
    private final ClientIp clientIp;
    private final SimulatorConfig config;
    private final Vertx vertx;

    public WebhookRoutes(GroupStore groups, SessionStore sessions, LimitSettings limits, IpBudget ipBudget, Recorder recorder,
                         FaultInjector faults, SimClock clock, ClientIp clientIp, SimulatorConfig config, Vertx vertx) {
        this.groups = groups;
        this.sessions = sessions;
        this.limits = limits;
        this.ipBudget = ipBudget;
        this.recorder = recorder;
        this.faults = faults;
        this.clock = clock;
        this.clientIp = clientIp;
        this.config = config;
        this.vertx = vertx;
    }

    void routes(@Observes Router router) {
        BodyHandler body = BodyHandler.create(false).setBodyLimit(config.maxRequestBytes());
        router.post("/robot/send").handler(body).handler(this::send);
        router.post("/robot/sendBySession").handler(body).handler(this::sendBySession);
    }

    /** One request in flight: what the checks need, computed once. */
    private record Call(RoutingContext ctx, String ip, Limits limits, String channel) {
    }

    void send(RoutingContext ctx) {
        Call call = admit(ctx, WEBHOOK);
        if (call == null) {
            return;
        }
        Group g = groups.byToken(ctx.request().getParam("access_token"));
        withFaults(call, g, () -> checkWebhook(call, g));
    }

    void sendBySession(RoutingContext ctx) {
        Call call = admit(ctx, SESSION);
        if (call == null) {
            return;
        }
        Session s = sessions.find(ctx.request().getParam("session"));
        Group g = s == null ? null : groups.byId(s.groupId()).orElse(null);
        withFaults(call, g, () -> checkSession(call, s, g));
    }

    /** Counts the call against the caller's IP budget; answers the ban page and returns null when banned. */
    private Call admit(RoutingContext ctx, String channel) {
        String ip = clientIp.of(ctx);
        Limits l = limits.current();
        recorder.call(ip);
        if (ipBudget.count(ip, clock.millis(), l) != IpBudget.Decision.ALLOWED) {
            recorder.reject(channel, null, DingTalkErrcode.IP_BANNED_DENY.code(), "ip banned", ip);
            Replies.punish(ctx, l.ipBanBody(), l.ipBan().toSeconds());
            return null;
        }
        return new Call(ctx, ip, l, channel);
    }

    private void withFaults(Call call, Group g, Runnable next) {
        FaultSpec spec = faults.specFor(g == null ? null : g.id());
        if (spec == null) {
            next.run();
            return;
        }
        FaultAction action = faults.decide(spec);
        Runnable apply = () -> {
            switch (action) {
                case DROP -> call.ctx().request().connection().close();
                case TIMEOUT -> { /* never answer: the client's timeout decides */ }
                case ERROR -> {
                    recorder.reject(call.channel(), g, String.valueOf(spec.errorStatus()), "injected", call.ip());
                    Replies.serverError(call.ctx(), spec.errorStatus());
                }
                case THROTTLE -> reject(call, g, Answers.throttled(call.limits()));
                default -> next.run();
            }
        };
        if (spec.latencyMs() > 0) {
            vertx.setTimer(spec.latencyMs(), id -> apply.run());
        } else {
            apply.run();
        }
    }

    private void checkWebhook(Call call, Group g) {
        RoutingContext ctx = call.ctx();
        if (!jsonContentType(ctx)) {
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
                // A timestamp that is there but off (or unreadable) is "invalid timestamp"; anything else is "sign not match".
                boolean badTime = "timestamp".equals(e.field()) && e.reason() != SignatureException.Reason.MISSING;
                reject(call, g, badTime ? DingTalkErrcode.INVALID_TIMESTAMP : DingTalkErrcode.SIGN_NOT_MATCH, e.getMessage());
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
        if (g.security().contains(Security.KEYWORDS) && !MessageText.containsAny(m, g.keywords())) {
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
        if (!jsonContentType(call.ctx())) {
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

    private void deliver(Call call, Group g, RobotMessage m) {
        recorder.accept(g, call.channel(), m.msgtype(), call.ctx().body().asString(StandardCharsets.UTF_8.name()), m.msgUuid());
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

    /** DingTalk wants {@code application/json} (any charset parameter); anything else is 43004. */
    static boolean jsonContentType(RoutingContext ctx) {
        String ct = ctx.request().getHeader("Content-Type");
        if (ct == null) {
            return false;
        }
        int semi = ct.indexOf(';');
        String mime = (semi >= 0 ? ct.substring(0, semi) : ct).trim();
        return mime.equalsIgnoreCase("application/json");
    }
}
