package io.dingrelay.simulator.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.dingrelay.simulator.clock.SimClock;
import io.dingrelay.simulator.fault.FaultInjector;
import io.dingrelay.simulator.fault.FaultSpec;
import io.dingrelay.simulator.group.Group;
import io.dingrelay.simulator.group.GroupStore;
import io.dingrelay.simulator.limit.AppQpsLimiter;
import io.dingrelay.simulator.limit.IpBudget;
import io.dingrelay.simulator.limit.LimitSettings;
import io.dingrelay.simulator.openapi.AccessTokens;
import io.dingrelay.simulator.record.Recorder;
import io.dingrelay.simulator.record.Rejection;
import io.dingrelay.simulator.session.SessionStore;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Run control: statistics, reset, limits, the clock, fault injection. */
@Path("/sim")
@Produces(MediaType.APPLICATION_JSON)
@NonBlocking
public class SimResource {

    private final Recorder recorder;
    private final GroupStore groups;
    private final LimitSettings limits;
    private final SimClock clock;
    private final FaultInjector faults;
    private final IpBudget ipBudget;
    private final AppQpsLimiter appQps;
    private final SessionStore sessions;
    private final AccessTokens tokens;

    public SimResource(Recorder recorder, GroupStore groups, LimitSettings limits, SimClock clock, FaultInjector faults,
                       IpBudget ipBudget, AppQpsLimiter appQps, SessionStore sessions, AccessTokens tokens) {
        this.recorder = recorder;
        this.groups = groups;
        this.limits = limits;
        this.clock = clock;
        this.faults = faults;
        this.ipBudget = ipBudget;
        this.appQps = appQps;
        this.sessions = sessions;
        this.tokens = tokens;
    }

    @GET
    @Path("/stats")
    public Map<String, Object> stats() {
        long now = clock.millis();
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("runId", recorder.runId());
        s.put("runStartedAt", recorder.runStartedAt());
        s.put("now", now);
        s.put("accepted", recorder.acceptedTotal());
        s.put("acceptedByChannel", recorder.acceptedByChannel());
        s.put("rejected", recorder.rejectedTotal());
        s.put("rejectedByCode", recorder.rejectedByCode());
        s.put("duplicates", Map.of("msgUuid", recorder.duplicatesByUuid(), "body", recorder.duplicatesByBody()));
        s.put("absorbed", recorder.absorbedTotal());
        s.put("groups", groups.size());
        s.put("sessions", sessions.size());
        s.put("rates", Map.of("ips", recorder.ipRates(), "robots", recorder.robotRates(groups.all())));
        s.put("ipWindows", ipBudget.snapshot(now));
        Map<String, Long> banned = new LinkedHashMap<>();
        for (Group g : groups.all()) {
            long until = g.throttle().bannedUntil(now);
            if (until > 0) {
                banned.put(g.id(), until);
            }
        }
        s.put("bannedRobots", banned);
        s.put("faults", faults.applied());
        return s;
    }

    @GET
    @Path("/rejections")
    public List<Rejection> rejections() {
        return recorder.rejections();
    }

    /** Starts a new run: clears messages, counters, rate windows and bans; with {@code groups=true} also the groups. */
    @POST
    @Path("/reset")
    public Map<String, Object> reset(@QueryParam("groups") @DefaultValue("false") boolean dropGroups) {
        for (Group g : groups.all()) {
            g.throttle().clear();
        }
        recorder.reset(groups.all());
        if (dropGroups) {
            groups.clear();
        }
        ipBudget.clear();
        appQps.clear();
        sessions.clear();
        tokens.clear();
        faults.resetCounters();
        return Map.of("runId", recorder.runId(), "groups", groups.size());
    }

    @GET
    @Path("/limits")
    public LimitsView limits() {
        return LimitsView.of(limits.current());
    }

    /** Changes some limits: {@code {"robotPerMinute":3,"robotBanSeconds":5}}; absent fields keep their value. */
    @PUT
    @Path("/limits")
    @Consumes(MediaType.APPLICATION_JSON)
    public LimitsView changeLimits(JsonNode patch) {
        return LimitsView.of(limits.replace(LimitsView.merge(limits.current(), patch)));
    }

    /** Back to the configured limits. */
    @DELETE
    @Path("/limits")
    public LimitsView restoreLimits() {
        return LimitsView.of(limits.restore());
    }

    public record Advance(Long seconds, Long millis) {
    }

    @GET
    @Path("/clock")
    public Map<String, Object> clock() {
        return Map.of("now", clock.millis(), "offsetMillis", clock.offset().toMillis());
    }

    /** Moves the simulator's clock forward: {@code {"seconds":600}} (or {@code millis}). */
    @POST
    @Path("/clock/advance")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> advance(Advance req) {
        if (req == null || (req.seconds() == null && req.millis() == null)) {
            throw new IllegalArgumentException("seconds: required (or millis)");
        }
        long ms = (req.seconds() == null ? 0 : req.seconds() * 1000) + (req.millis() == null ? 0 : req.millis());
        clock.advance(Duration.ofMillis(ms));
        return clock();
    }

    public record FaultRequest(String groupId, Long latencyMs, Double errorRate, Integer errorStatus, Double timeoutRate,
                               Double dropRate, Double throttleRate) {
    }

    @GET
    @Path("/faults")
    public Map<String, Object> faults() {
        return Map.of("faults", faults.list(), "applied", faults.applied());
    }

    /** Sets the faults of one group ({@code groupId}) or of all ({@code groupId} absent), replacing earlier ones. */
    @PUT
    @Path("/faults")
    @Consumes(MediaType.APPLICATION_JSON)
    public FaultSpec setFaults(FaultRequest req) {
        if (req == null) {
            throw new IllegalArgumentException("body: a JSON object is required");
        }
        if (req.groupId() != null && groups.byId(req.groupId()).isEmpty()) {
            throw new IllegalArgumentException("groupId: unknown group '" + req.groupId() + "'");
        }
        FaultSpec spec = new FaultSpec(req.groupId(), orZero(req.latencyMs()), orZero(req.errorRate()),
                req.errorStatus() == null ? 503 : req.errorStatus(), orZero(req.timeoutRate()), orZero(req.dropRate()),
                orZero(req.throttleRate()));
        faults.set(spec);
        return spec;
    }

    /** Removes the faults of one group ({@code ?groupId=}) or all of them. */
    @DELETE
    @Path("/faults")
    public Map<String, Object> clearFaults(@QueryParam("groupId") String groupId) {
        faults.clear(groupId);
        return faults();
    }

    private static long orZero(Long v) {
        return v == null ? 0 : v;
    }

    private static double orZero(Double v) {
        return v == null ? 0 : v;
    }
}
