package io.dingrelay.simulator.dingtalk;

import io.dingrelay.protocol.answer.DingTalkErrcode;
import io.dingrelay.simulator.clock.SimClock;
import io.dingrelay.simulator.fault.FaultAction;
import io.dingrelay.simulator.fault.FaultInjector;
import io.dingrelay.simulator.fault.FaultSpec;
import io.dingrelay.simulator.group.Group;
import io.dingrelay.simulator.limit.IpBudget;
import io.dingrelay.simulator.limit.LimitSettings;
import io.dingrelay.simulator.limit.Limits;
import io.dingrelay.simulator.record.Recorder;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * What stands in front of every DingTalk-facing endpoint (webhook, session, OpenAPI): the per-IP budget with its ban
 * page, and the injected faults of the addressed group.
 */
@ApplicationScoped
public class Gate {

    /** A call that passed the IP budget: what later checks need, computed once. */
    record Call(RoutingContext ctx, String ip, Limits limits, String channel) {
    }

    private final LimitSettings limits;
    private final IpBudget ipBudget;
    private final Recorder recorder;
    private final FaultInjector faults;
    private final SimClock clock;
    private final ClientIp clientIp;
    private final Vertx vertx;

    public Gate(LimitSettings limits, IpBudget ipBudget, Recorder recorder, FaultInjector faults, SimClock clock,
                ClientIp clientIp, Vertx vertx) {
        this.limits = limits;
        this.ipBudget = ipBudget;
        this.recorder = recorder;
        this.faults = faults;
        this.clock = clock;
        this.clientIp = clientIp;
        this.vertx = vertx;
    }

    /** Counts the call against the caller's IP budget; answers the ban page and returns null when banned. */
    Call admit(RoutingContext ctx, String channel) {
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

    /**
     * Applies the group's (or the global) faults, then runs {@code next} unless a fault answered instead: a dropped
     * connection, no answer at all, an injected 5xx, or {@code throttle} (the endpoint's own throttling answer).
     * Latency delays whichever happens.
     */
    void withFaults(Call call, Group g, Runnable throttle, Runnable next) {
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
                case THROTTLE -> throttle.run();
                default -> next.run();
            }
        };
        if (spec.latencyMs() > 0) {
            vertx.setTimer(spec.latencyMs(), id -> apply.run());
        } else {
            apply.run();
        }
    }
}
