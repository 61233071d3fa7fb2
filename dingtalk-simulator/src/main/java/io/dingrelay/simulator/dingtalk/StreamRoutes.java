package io.dingrelay.simulator.dingtalk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dingrelay.protocol.answer.DingTalkErrcode;
import io.dingrelay.simulator.config.SimulatorConfig;
import io.dingrelay.simulator.openapi.AccessTokens;
import io.dingrelay.simulator.record.Recorder;
import io.dingrelay.simulator.stream.StreamHub;
import io.dingrelay.simulator.stream.StreamTickets;
import io.dingrelay.simulator.stream.Subscription;
import io.vertx.core.http.HttpConnection;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * DingTalk's Stream entry points (dingtalk-protocol.md §6.1, §6.2): {@code POST /v1.0/gateway/connections/open}
 * checks clientId/clientSecret against the configured apps and the subscriptions, and answers an endpoint and a
 * single-use ticket; {@code GET /connect?ticket=…} upgrades to the WebSocket that {@link StreamHub} serves.
 */
@ApplicationScoped
public class StreamRoutes {

    static final String STREAM = "stream";
    public static final String OPEN_API = "/v1.0/gateway/connections/open";
    /** The path DingTalk's Java SDK always connects to, whatever the endpoint says (§6.2). */
    public static final String CONNECT_PATH = "/connect";

    private static final Logger LOG = Logger.getLogger(StreamRoutes.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Gate gate;
    private final AccessTokens apps;
    private final StreamTickets tickets;
    private final StreamHub hub;
    private final Recorder recorder;
    private final SimulatorConfig config;
    private final AtomicLong connectionIds = new AtomicLong();

    public StreamRoutes(Gate gate, AccessTokens apps, StreamTickets tickets, StreamHub hub, Recorder recorder,
                        SimulatorConfig config) {
        this.gate = gate;
        this.apps = apps;
        this.tickets = tickets;
        this.hub = hub;
        this.recorder = recorder;
        this.config = config;
    }

    void routes(@Observes Router router) {
        router.post(OPEN_API).handler(BodyHandler.create(false).setBodyLimit(config.maxRequestBytes())).handler(this::open);
        router.get(CONNECT_PATH).handler(this::connect);
    }

    void open(RoutingContext ctx) {
        Gate.Call call = gate.admit(ctx, STREAM);
        if (call == null) {
            return;
        }
        JsonNode req = readObject(ctx.body().buffer() == null ? null : ctx.body().buffer().getBytes());
        if (req == null) {
            invalid(ctx, call.ip(), "body", "请求体不是合法的 JSON 对象");
            return;
        }
        String clientId = text(req, "clientId");
        String clientSecret = text(req, "clientSecret");
        if (clientId == null || clientId.isEmpty()) {
            invalid(ctx, call.ip(), "clientId", "clientId 不能为空");
            return;
        }
        if (clientSecret == null || clientSecret.isEmpty()) {
            invalid(ctx, call.ip(), "clientSecret", "clientSecret 不能为空");
            return;
        }
        List<Subscription> subscriptions = new ArrayList<>();
        String problem = subscriptions(req.get("subscriptions"), subscriptions);
        if (problem != null) {
            invalid(ctx, call.ip(), "subscriptions", problem);
            return;
        }
        var app = apps.authenticate(clientId, clientSecret);
        if (app.isEmpty()) {
            DingTalkErrcode e = DingTalkErrcode.INVALID_CLIENT_ID_OR_SECRET;
            recorder.reject(STREAM, null, e.code(), e.errmsg(), call.ip());
            Replies.answer(ctx, e, null);
            return;
        }
        StreamTickets.Ticket t = tickets.issue(app.get().getKey(), clientId, subscriptions);
        ObjectNode answer = MAPPER.createObjectNode();
        answer.put("endpoint", config.stream().endpoint().orElseGet(() -> endpoint(ctx)));
        answer.put("ticket", t.value());
        Replies.json(ctx, 200, answer.toString());
    }

    /** {@code ws://<host the call was addressed to>/connect}, {@code wss://} when it came over TLS. */
    private static String endpoint(RoutingContext ctx) {
        String host = ctx.request().getHeader("Host");
        if (host == null || host.isBlank()) {
            host = "localhost:" + ctx.request().localAddress().port();
        }
        return (ctx.request().isSSL() ? "wss://" : "ws://") + host + CONNECT_PATH;
    }

    /** Null when valid (and {@code out} filled), else what is wrong. */
    private static String subscriptions(JsonNode subs, List<Subscription> out) {
        if (subs == null || !subs.isArray() || subs.isEmpty()) {
            return "subscriptions 不能为空 (an array of {type, topic})";
        }
        for (JsonNode s : subs) {
            String type = s.isObject() ? text(s, "type") : null;
            String topic = s.isObject() ? text(s, "topic") : null;
            if (type == null || !(type.equals("EVENT") || type.equals("CALLBACK"))) {
                return "subscriptions[].type 必须是 EVENT 或 CALLBACK";
            }
            if (topic == null || topic.isEmpty()) {
                return "subscriptions[].topic 不能为空";
            }
            if (type.equals("EVENT") && !topic.equals("*")) {
                return "EVENT 的 topic 必须是 *";
            }
            out.add(new Subscription(type, topic));
        }
        return null;
    }

    void connect(RoutingContext ctx) {
        StreamTickets.Redemption r = tickets.redeem(ctx.request().getParam("ticket"));
        if (r.ticket() == null) {
            String why = switch (r.refusal()) {
                case UNKNOWN -> "unknown";
                case EXPIRED -> "expired";
                case USED -> "already used";
            };
            recorder.reject(STREAM, null, "invalidTicket", "ticket " + why, null);
            Replies.json(ctx, 401, "{\"code\":\"invalidTicket\",\"message\":\"ticket " + why + "\"}");
            return;
        }
        HttpConnection tcp = ctx.request().connection();
        StreamTickets.Ticket t = r.ticket();
        ctx.request().toWebSocket()
                .onSuccess(ws -> hub.register(new io.dingrelay.simulator.stream.StreamConnection(
                        "c" + connectionIds.incrementAndGet(), t.app(), t.subscriptions(), ws, tcp)))
                .onFailure(e -> {
                    LOG.debugf("Stream upgrade failed: %s", e.toString());
                    if (!ctx.response().ended()) {
                        Replies.json(ctx, 400, "{\"code\":\"notWebSocket\",\"message\":\"" + e.getMessage() + "\"}");
                    }
                });
    }

    private void invalid(RoutingContext ctx, String ip, String field, String message) {
        DingTalkErrcode e = DingTalkErrcode.INVALID_PARAMETER;
        recorder.reject(STREAM, null, e.code(field), message, ip);
        Replies.answer(ctx, e, field, message);
    }

    private static JsonNode readObject(byte[] b) {
        if (b == null || b.length == 0) {
            return null;
        }
        try {
            JsonNode n = MAPPER.readTree(b);
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
