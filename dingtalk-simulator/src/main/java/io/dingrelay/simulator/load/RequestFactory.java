package io.dingrelay.simulator.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dingrelay.protocol.DingTalkLimits;
import io.dingrelay.protocol.callback.CallbackCrypto;
import io.dingrelay.protocol.callback.EncryptedMessage;
import io.dingrelay.protocol.message.MessageCodec;
import io.dingrelay.protocol.signature.HmacSigner;
import io.dingrelay.protocol.signature.WebhookSigner;
import io.dingrelay.simulator.RandomIds;
import io.dingrelay.simulator.callback.CallbackChecks;
import io.dingrelay.simulator.callback.CallbackPayloads;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Builds one request for a target and judges its answer as DingTalk (for callbacks) or a well-behaved sender (for
 * webhooks) would. One instance per event loop: not thread-safe, no locks.
 */
abstract class RequestFactory {

    /** A request to send. */
    record Request(String url, Map<String, String> headers, byte[] body) {
    }

    abstract Request next();

    /** Null when the answer is what it should be, else the error kind to count. */
    abstract String check(int status, String body);

    static RequestFactory of(LoadOptions o) {
        return switch (o.target) {
            case WEBHOOK -> new Webhook(o);
            case ROBOT -> new Robot(o);
            case EVENTS -> new Events(o);
        };
    }

    /** Custom-robot webhook sends; {@code {"errcode":0,...}} is success, anything else counted by errcode. */
    static final class Webhook extends RequestFactory {
        private static final ObjectMapper MAPPER = new ObjectMapper();
        private static final Map<String, String> HEADERS = Map.of("Content-Type", "application/json");
        private final java.util.List<String> urls;
        private final String secret;
        private final byte[] body;
        private int next;

        Webhook(LoadOptions o) {
            this.urls = o.urls.isEmpty() ? java.util.List.of(o.url) : o.urls;
            this.secret = o.secret;
            this.body = o.message.getBytes(StandardCharsets.UTF_8);
            MessageCodec.parseWebhookBody(body); // a wrong --message fails before the run, naming the field
        }

        @Override
        Request next() {
            String url = urls.get(next);
            next = next + 1 == urls.size() ? 0 : next + 1;
            String u = secret == null ? url : WebhookSigner.signUrl(url, secret, System.currentTimeMillis());
            return new Request(u, HEADERS, body);
        }

        @Override
        String check(int status, String body) {
            if (status != 200) {
                return "http_" + status;
            }
            if (body != null && body.startsWith("{\"errcode\":0,")) {
                return null;
            }
            try {
                JsonNode n = MAPPER.readTree(body);
                if (n.has("punish")) {
                    return "punish";
                }
                int code = n.path("errcode").asInt(-1);
                return code == 0 ? null : "errcode_" + code;
            } catch (Exception e) {
                return body != null && body.contains("punish") ? "punish" : "bad_reply";
            }
        }
    }

    /** Signed @robot callbacks; the answer must be {@code empty} or one valid message. */
    static final class Robot extends RequestFactory {
        private final LoadOptions o;
        private long signedAt = -1;
        private String sign;

        Robot(LoadOptions o) {
            this.o = o;
        }

        @Override
        Request next() {
            long now = System.currentTimeMillis();
            if (now != signedAt) {
                signedAt = now;
                sign = HmacSigner.sign(o.app.appSecret(), now);
            }
            byte[] body = CallbackPayloads.robotMessage(o.app, "dingloadcorp", o.conversationId, "负载测试群",
                    new CallbackPayloads.Speaker("压测用户", "user123", false), "帮助",
                    "http://localhost:8090/robot/sendBySession?session=load", now + DingTalkLimits.SESSION_WEBHOOK_LIFETIME.toMillis(), now).toString()
                    .getBytes(StandardCharsets.UTF_8);
            return new Request(o.url, Map.of("Content-Type", "application/json; charset=utf-8", "timestamp",
                    Long.toString(now), "sign", sign), body);
        }

        @Override
        String check(int status, String body) {
            CallbackChecks.Verdict v = CallbackChecks.robotReply(status, body);
            return v.ok() ? null : v.kind();
        }
    }

    /** Encrypted event pushes; the answer must be the encrypted {@code success}, signature verified. */
    static final class Events extends RequestFactory {
        private static final Map<String, String> HEADERS = Map.of("Content-Type", "application/json");
        private final LoadOptions o;
        private final CallbackCrypto crypto;
        private final CallbackPayloads.EventContext ctx;

        Events(LoadOptions o) {
            this.o = o;
            this.crypto = new CallbackCrypto(o.app.token(), o.app.aesKey(), o.app.ownerKey());
            this.ctx = new CallbackPayloads.EventContext("dingloadcorp", o.conversationId, "chatload", "负载测试群", o.app.appKey());
        }

        @Override
        Request next() {
            long now = System.currentTimeMillis();
            String plain = CallbackPayloads.event(o.eventType, ctx, now, null).toString();
            EncryptedMessage push = crypto.encrypt(plain, Long.toString(now), RandomIds.alnum(8));
            return new Request(o.url + (o.url.contains("?") ? "&" : "?") + push.toQuery().toQueryString(), HEADERS,
                    push.toPushBody().getBytes(StandardCharsets.UTF_8));
        }

        @Override
        String check(int status, String body) {
            CallbackChecks.Verdict v = CallbackChecks.eventReply(crypto, status, body);
            return v.ok() ? null : v.kind();
        }
    }
}
