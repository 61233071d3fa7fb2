package io.dingrelay.simulator.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.dingrelay.simulator.callback.AppKeys;
import io.dingrelay.simulator.callback.CallbackPayloads;
import io.dingrelay.simulator.callback.CallbackSender;
import io.dingrelay.simulator.config.SimulatorConfig;
import io.dingrelay.simulator.group.Group;
import io.dingrelay.simulator.group.GroupStore;
import io.dingrelay.simulator.session.Session;
import io.dingrelay.simulator.session.SessionStore;
import io.dingrelay.simulator.stream.StreamFrames;
import io.dingrelay.simulator.stream.StreamHub;
import io.dingrelay.simulator.stream.StreamLoad;
import io.dingrelay.simulator.stream.StreamPayloads;
import io.dingrelay.simulator.stream.StreamTickets;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Drives DingTalk's Stream side for tests and demos: a robot message or an event over the app's Stream connection
 * (answered once the client ACKed it, or after {@code simulator.stream.answer-timeout}), a SYSTEM ping or disconnect,
 * the fault switch that drops the app's connections, a raw frame, an event's delivery history, the load generator.
 */
@Path("/sim/stream")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class StreamResource {

    public record AppRequest(String app) {
    }

    /** {@code messageId}: the one inside {@code text}, to have the client's ACK to it reported (else none is awaited). */
    public record RawFrameRequest(String app, String text, String messageId) {
    }

    public record LoadRequest(String app, String kind, Integer count, Integer inFlight, Integer groups, Integer warmup) {
    }

    private final StreamHub hub;
    private final StreamTickets tickets;
    private final CallbackSender apps;
    private final GroupStore groups;
    private final SessionStore sessions;
    private final PublicUrl publicUrl;
    private final SimulatorConfig config;
    private final Duration answerTimeout;

    public StreamResource(StreamHub hub, StreamTickets tickets, CallbackSender apps, GroupStore groups, SessionStore sessions,
                          PublicUrl publicUrl, SimulatorConfig config) {
        this.hub = hub;
        this.tickets = tickets;
        this.apps = apps;
        this.groups = groups;
        this.sessions = sessions;
        this.publicUrl = publicUrl;
        this.config = config;
        this.answerTimeout = config.stream().answerTimeout();
    }

    @GET
    public Map<String, Object> state() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("connections", hub.connections());
        out.put("tickets", tickets.stats());
        out.put("counters", hub.counters());
        out.put("pendingEvents", hub.pendingEvents());
        return out;
    }

    @POST
    @Path("/robot-messages")
    public Uni<Map<String, Object>> robotMessage(CallbackTriggerResource.RobotMessageRequest req, @Context UriInfo uri) {
        if (req == null) {
            throw new IllegalArgumentException("body: a JSON object is required");
        }
        AppKeys app = apps.app(req.app());
        if (req.groupId() == null) {
            throw new IllegalArgumentException("groupId: required");
        }
        Group g = group(req.groupId());
        if (req.text() == null || req.text().isBlank()) {
            throw new IllegalArgumentException("text: required");
        }
        CallbackPayloads.Speaker who = req.speaker();
        long now = System.currentTimeMillis();
        Session s = sessions.open(g.id(), app.name());
        String sessionWebhook = publicUrl.base(uri) + "/robot/sendBySession?session=" + s.id();
        var body = CallbackPayloads.robotMessage(app, config.corpId(), g.conversationId(), g.name(), who, req.text(),
                sessionWebhook, now + (s.expiresAt() - s.openedAt()), now);
        StreamHub.Delivery d = hub.callback(app.name(), StreamFrames.ROBOT_TOPIC, StreamPayloads.robotMessage(body));
        return answered(d, Map.of("msgId", body.path("msgId").asText(), "conversationId", g.conversationId(),
                "sessionWebhook", sessionWebhook));
    }

    @POST
    @Path("/events")
    public Uni<Map<String, Object>> event(CallbackTriggerResource.EventRequest req) {
        if (req == null) {
            throw new IllegalArgumentException("body: a JSON object is required");
        }
        AppKeys app = apps.app(req.app());
        if (req.type() == null || !req.type().matches("[a-zA-Z_]{3,64}") || req.type().startsWith("check_")) {
            throw new IllegalArgumentException("type: required, an EventType such as chat_disband (URL checks are HTTP only)");
        }
        Group g = req.groupId() == null ? null : group(req.groupId());
        var ctx = new CallbackPayloads.EventContext(config.corpId(), g == null ? null : g.conversationId(),
                g == null ? null : "chat" + g.id(), g == null ? null : g.name(), app.appKey());
        StreamPayloads.Event e = StreamPayloads.event(app, req.type(), ctx, System.currentTimeMillis(), fields(req.fields()));
        StreamHub.Delivery d = hub.event(app.name(), e.eventId(), e.frame());
        return answered(d, Map.of("eventId", e.eventId(), "data", e.data()));
    }

    @GET
    @Path("/events/{eventId}")
    public Map<String, Object> eventHistory(@PathParam("eventId") String eventId) {
        StreamHub.Delivery d = hub.eventById(eventId);
        if (d == null) {
            throw new NotFoundException("event " + eventId);
        }
        return d.view();
    }

    @POST
    @Path("/ping")
    public Uni<Map<String, Object>> ping(AppRequest req) {
        return all(hub.ping(apps.app(req == null ? null : req.app()).name()));
    }

    @POST
    @Path("/disconnect")
    public Uni<Map<String, Object>> disconnect(AppRequest req) {
        return all(hub.disconnect(apps.app(req == null ? null : req.app()).name()));
    }

    /** The fault switch: every connection of the app is cut at the TCP level. */
    @POST
    @Path("/drop")
    public Map<String, Object> drop(AppRequest req) {
        return Map.of("dropped", hub.drop(apps.app(req == null ? null : req.app()).name()));
    }

    /** Writes {@code text} as one frame, as it is (malformed, oversized or unknown-topic frames). */
    @POST
    @Path("/frames")
    public Uni<Map<String, Object>> raw(RawFrameRequest req) {
        if (req == null || req.text() == null) {
            throw new IllegalArgumentException("text: required");
        }
        StreamHub.Delivery d;
        try {
            d = hub.raw(apps.app(req.app()).name(), req.text(), req.messageId());
        } catch (StreamHub.NoConnectionException e) {
            throw conflict(e);
        }
        if (req.messageId() == null) {
            return Uni.createFrom().item(Map.of("sent", true));
        }
        return answered(d, Map.of());
    }

    /** A new messageId, for a raw frame whose ACK a test wants to recognise. */
    @GET
    @Path("/message-id")
    public Map<String, Object> messageId() {
        return Map.of("messageId", hub.newMessageId());
    }

    @POST
    @Path("/load")
    public Uni<Map<String, Object>> load(LoadRequest req, @Context UriInfo uri) {
        if (req == null) {
            throw new IllegalArgumentException("body: a JSON object is required");
        }
        AppKeys app = apps.app(req.app());
        String kind = req.kind() == null ? "robot" : req.kind();
        if (!kind.equals("robot") && !kind.equals("event")) {
            throw new IllegalArgumentException("kind: robot or event");
        }
        int count = positive("count", req.count(), 10_000);
        int inFlight = positive("inFlight", req.inFlight(), 64);
        int groupCount = positive("groups", req.groups(), 1_000);
        int warmup = req.warmup() == null ? 0 : Math.max(0, req.warmup());
        if (hub.openConnections(app.name()) == 0) {
            throw conflict(new StreamHub.NoConnectionException(app.name(), kind, "load"));
        }
        StreamLoad run = new StreamLoad(hub, app, config.corpId(), publicUrl.base(uri),
                new StreamLoad.Spec(kind, count, inFlight, groupCount, warmup));
        return Uni.createFrom().completionStage(run::run);
    }

    private static int positive(String field, Integer v, int dflt) {
        if (v == null) {
            return dflt;
        }
        if (v <= 0) {
            throw new IllegalArgumentException(field + ": must be positive");
        }
        return v;
    }

    private Uni<Map<String, Object>> answered(StreamHub.Delivery d, Map<String, Object> extra) {
        return Uni.createFrom().completionStage(d.firstAnswer())
                .ifNoItem().after(answerTimeout).recoverWithItem(() -> null)
                .onFailure(StreamHub.NoConnectionException.class).transform(StreamResource::conflict)
                .map(a -> {
                    Map<String, Object> out = new LinkedHashMap<>(extra);
                    out.put("messageId", d.messageId());
                    out.put("acked", a != null && a.outcome().equals("ack"));
                    out.put("answer", a);
                    return out;
                });
    }

    private Uni<Map<String, Object>> all(List<StreamHub.Delivery> sent) {
        List<CompletableFuture<StreamHub.Answer>> answers = sent.stream().map(StreamHub.Delivery::firstAnswer).toList();
        return Uni.createFrom().completionStage(CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)))
                .ifNoItem().after(answerTimeout).recoverWithItem(() -> null)
                .onFailure().recoverWithItem(() -> null)
                .map(v -> {
                    List<Object> out = new ArrayList<>();
                    answers.forEach(f -> out.add(f.isDone() && !f.isCompletedExceptionally() ? f.join() : null));
                    return Map.of("sent", sent.size(), "answers", out);
                });
    }

    private static Map<String, JsonNode> fields(Map<String, JsonNode> f) {
        return f == null ? Map.of() : f;
    }

    private Group group(String id) {
        return groups.byId(id).orElseThrow(() -> new IllegalArgumentException("groupId: unknown group '" + id + "'"));
    }

    private static WebApplicationException conflict(Throwable e) {
        return new WebApplicationException(Response.status(409).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Map.of("error", "no_connection", "message", e.getMessage())).build());
    }
}
