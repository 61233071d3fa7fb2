package io.dingrelay.simulator.callback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dingrelay.protocol.callback.CallbackCrypto;
import io.dingrelay.protocol.callback.EncryptedMessage;
import io.dingrelay.protocol.message.MessageCodec;
import io.dingrelay.protocol.signature.HmacSigner;
import io.dingrelay.simulator.RandomIds;
import io.dingrelay.simulator.clock.SimClock;
import io.dingrelay.messaging.config.DingTalkAppsConfig;
import io.dingrelay.simulator.config.SimulatorConfig;
import io.dingrelay.simulator.group.Group;
import io.dingrelay.simulator.group.GroupState;
import io.dingrelay.simulator.record.Recorder;
import io.dingrelay.simulator.session.Session;
import io.dingrelay.simulator.session.SessionStore;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sends what DingTalk sends to the gateway: encrypted event pushes to {@code ${gateway-url}/dingtalk/apps/<app>/events}
 * and signed @robot messages to {@code .../robot}, and reports what the gateway answered and whether DingTalk
 * would accept that answer.
 */
@ApplicationScoped
public class CallbackSender {

    /** What happened to one callback. */
    public record Result(String url, int status, String body, boolean accepted, String verdict, long latencyMs,
                         Map<String, Object> sent) {
    }

    private final WebClient client;
    private final DingTalkAppsConfig apps;
    private final SimulatorConfig config;
    private final SimClock clock;
    private final SessionStore sessions;
    private final Recorder recorder;

    public CallbackSender(Vertx vertx, DingTalkAppsConfig apps, SimulatorConfig config, SimClock clock, SessionStore sessions,
                          Recorder recorder) {
        this.client = WebClient.create(vertx, new WebClientOptions(new HttpClientOptions().setMaxPoolSize(20))
                .setUserAgent("DingTalk-Simulator"));
        this.apps = apps;
        this.config = config;
        this.clock = clock;
        this.sessions = sessions;
        this.recorder = recorder;
    }

    @PreDestroy
    void close() {
        client.close();
    }

    public AppKeys app(String name) {
        DingTalkAppsConfig.App a = name == null ? null : apps.apps().get(name);
        if (a == null) {
            throw new IllegalArgumentException("app: unknown app '" + name + "' (configured: " + apps.apps().keySet() + ")");
        }
        return AppKeys.of(name, a);
    }

    /** Encrypts and pushes one event; a {@code chat_disband} also disbands the simulated group. */
    public Uni<Result> sendEvent(AppKeys app, String type, Group group, Map<String, JsonNode> extra) {
        if (!app.canPushEvents()) {
            throw new IllegalArgumentException("app: '" + app.name() + "' has no event-push keys (dingtalk.apps."
                    + app.name() + ".token, .aes-key and .owner-key must all be set)");
        }
        // What is sent carries real time (the receiver checks it against its own clock); only the simulator's
        // own judgments (bans, windows, session expiry) follow the advanced SimClock.
        long now = System.currentTimeMillis();
        CallbackPayloads.EventContext ctx = new CallbackPayloads.EventContext(config.corpId(),
                group == null ? null : group.conversationId(), group == null ? null : "chat" + group.id(),
                group == null ? null : group.name(), app.appKey());
        ObjectNode plaintext = CallbackPayloads.event(type, ctx, now, extra);
        CallbackCrypto crypto = new CallbackCrypto(app.token(), app.aesKey(), app.ownerKey());
        EncryptedMessage push = crypto.encrypt(plaintext.toString(), Long.toString(now), RandomIds.alnum(8));
        String url = gateway(app) + "/events?" + push.toQuery().toQueryString();
        if ("chat_disband".equals(type) && group != null) {
            group.state(GroupState.DISBANDED);
        }
        Map<String, Object> sent = new LinkedHashMap<>();
        sent.put("plaintext", plaintext);
        sent.put("eventId", plaintext.path("eventId").asText(null));
        long started = System.nanoTime();
        return client.postAbs(url).timeout(config.callbacks().timeout().toMillis())
                .putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer(push.toPushBody()))
                .map(r -> {
                    CallbackChecks.Verdict v = CallbackChecks.eventReply(crypto, r.statusCode(), r.bodyAsString());
                    return result(url, r, v, started, sent);
                })
                .onFailure().recoverWithItem(e -> failed(url, e, started, sent));
    }

    /** Sends one signed @robot message; opens a session whose sessionWebhook points back at this simulator. */
    public Uni<Result> sendRobotMessage(AppKeys app, Group group, String text, CallbackPayloads.Speaker who, String publicBase) {
        long now = System.currentTimeMillis();
        Session s = sessions.open(group.id(), app.name());
        String sessionWebhook = publicBase + "/robot/sendBySession?session=" + s.id();
        long expiresAt = now + (s.expiresAt() - s.openedAt());
        ObjectNode body = CallbackPayloads.robotMessage(app, config.corpId(), group.conversationId(), group.name(), who, text,
                sessionWebhook, expiresAt, now);
        String ts = Long.toString(now);
        String url = gateway(app) + "/robot";
        Map<String, Object> sent = new LinkedHashMap<>();
        sent.put("body", body);
        sent.put("sessionWebhook", sessionWebhook);
        long started = System.nanoTime();
        return client.postAbs(url).timeout(config.callbacks().timeout().toMillis())
                .putHeader("Content-Type", "application/json; charset=utf-8")
                .putHeader("timestamp", ts)
                .putHeader("sign", HmacSigner.sign(app.appSecret(), ts))
                .sendBuffer(Buffer.buffer(body.toString()))
                .map(r -> {
                    CallbackChecks.Verdict v = CallbackChecks.robotReply(r.statusCode(), r.bodyAsString());
                    if (v.ok() && v.message() != null) {
                        // A synchronous reply is shown in the group, as DingTalk would post it.
                        recorder.accept(group, "reply", v.message().msgtype(), MessageCodec.toJson(v.message()), null);
                    }
                    return result(url, r, v, started, sent);
                })
                .onFailure().recoverWithItem(e -> failed(url, e, started, sent));
    }

    private String gateway(AppKeys app) {
        String base = config.gatewayUrl().endsWith("/") ? config.gatewayUrl().substring(0, config.gatewayUrl().length() - 1)
                : config.gatewayUrl();
        return base + "/dingtalk/apps/" + app.name();
    }

    private static Result result(String url, HttpResponse<Buffer> r, CallbackChecks.Verdict v, long started, Map<String, Object> sent) {
        return new Result(url, r.statusCode(), r.bodyAsString(), v.ok(), v.detail(), (System.nanoTime() - started) / 1_000_000, sent);
    }

    private static Result failed(String url, Throwable e, long started, Map<String, Object> sent) {
        return new Result(url, 0, null, false, e.getClass().getSimpleName() + ": " + e.getMessage(),
                (System.nanoTime() - started) / 1_000_000, sent);
    }
}
