package io.dingrelay.simulator.load;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dingrelay.protocol.DingTalkLimits;
import io.dingrelay.protocol.answer.AnswerClassifier;
import io.dingrelay.protocol.answer.Classification;
import io.dingrelay.protocol.answer.Outcome;
import io.dingrelay.protocol.callback.CallbackCrypto;
import io.dingrelay.protocol.callback.EncryptedMessage;
import io.dingrelay.protocol.message.MessageCodec;
import io.dingrelay.protocol.signature.HmacSigner;
import io.dingrelay.protocol.signature.WebhookSigner;
import io.dingrelay.simulator.RandomIds;
import io.dingrelay.simulator.callback.CallbackChecks;
import io.dingrelay.simulator.callback.CallbackPayloads;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Builds one request for a target and judges its answer as DingTalk (for callbacks) or a well-behaved sender (for
 * webhooks) would. One instance per event loop: not thread-safe, no locks.
 *
 * <p>Every request is unique and valid (its own msgId/eventId, a signature or ciphertext for its own timestamp), and
 * every answer is checked; what does not change between requests is computed once: the body's JSON is rendered once
 * and the ids and times spliced in ({@link JsonTemplate}), the HMAC of a robot callback is computed once per
 * millisecond (it signs only the timestamp), ids come from a counter ({@link UniqueIds}).
 */
abstract class RequestFactory {

    private static final CharSequence CONTENT_TYPE = HttpHeaders.CONTENT_TYPE;
    private static final CharSequence USER_AGENT = HttpHeaders.USER_AGENT;
    private static final CharSequence AGENT = HttpHeaders.createOptimized("DingRelay-load");
    private static final CharSequence JSON = HttpHeaders.createOptimized("application/json");
    private static final CharSequence JSON_UTF8 = HttpHeaders.createOptimized("application/json; charset=utf-8");
    private static final CharSequence TIMESTAMP = HttpHeaders.createOptimized("timestamp");
    private static final CharSequence SIGN = HttpHeaders.createOptimized("sign");

    /** Where a URL points: the connection to use, and the length of its {@code scheme://authority} part. */
    record Endpoint(String host, int port, boolean ssl, int originLength) {

        static Endpoint of(String url) {
            URI u = URI.create(url);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || u.getHost() == null) {
                throw new IllegalArgumentException("--url: must be an absolute http(s) URL, was " + url);
            }
            boolean ssl = scheme.equals("https");
            int port = u.getPort() > 0 ? u.getPort() : ssl ? 443 : 80;
            return new Endpoint(u.getHost(), port, ssl, scheme.length() + 3 + u.getRawAuthority().length());
        }

        /** The path and query of {@code url}, which must start with this endpoint's origin. */
        String uri(String url) {
            String rest = url.substring(originLength);
            return rest.isEmpty() ? "/" : rest;
        }
    }

    /**
     * A request to send.
     *
     * @param headers name/value pairs
     */
    record Request(Endpoint endpoint, String uri, CharSequence[] headers, Buffer body) {
    }

    abstract Request next();

    /** Null when the answer is what it should be, else the error kind to count. */
    abstract String check(int status, Buffer body);

    static RequestFactory of(LoadOptions o) {
        return switch (o.target) {
            case WEBHOOK -> new Webhook(o);
            case ROBOT -> new Robot(o);
            case EVENTS -> new Events(o);
        };
    }

    /** The groups a run spreads its callbacks over: the one given, or {@code --conversations} made-up ones. */
    static List<String> conversationIds(LoadOptions o, UniqueIds ids) {
        if (o.conversationId != null) {
            return List.of(o.conversationId);
        }
        List<String> out = new ArrayList<>(o.conversations);
        for (int i = 0; i < o.conversations; i++) {
            // The shape of an openConversationId (cid…==), unique per run and group.
            out.add("cidLoad" + ids.prefix() + Integer.toString(i, 36) + "==");
        }
        return out;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Custom-robot webhook sends; {@code {"errcode":0,...}} is success, anything else counted by errcode. */
    static final class Webhook extends RequestFactory {
        private static final AnswerClassifier CLASSIFIER = new AnswerClassifier();
        private static final CharSequence[] HEADERS = {CONTENT_TYPE, JSON, USER_AGENT, AGENT};
        private final List<String> urls;
        private final List<Endpoint> endpoints;
        private final String secret;
        private final byte[] body;
        private int next;

        Webhook(LoadOptions o) {
            this.urls = o.urls.isEmpty() ? List.of(o.url) : o.urls;
            this.endpoints = urls.stream().map(Endpoint::of).toList();
            this.secret = o.secret;
            this.body = o.message.getBytes(StandardCharsets.UTF_8);
            MessageCodec.parseWebhookBody(body); // a wrong --message fails before the run, naming the field
        }

        @Override
        Request next() {
            int i = next;
            next = next + 1 == urls.size() ? 0 : next + 1;
            String url = urls.get(i);
            String u = secret == null ? url : WebhookSigner.signUrl(url, secret, System.currentTimeMillis());
            Endpoint e = endpoints.get(i);
            return new Request(e, e.uri(u), HEADERS, Buffer.buffer(body));
        }

        @Override
        String check(int status, Buffer answer) {
            if (status != 200) {
                return "http_" + status;
            }
            String body = answer == null ? null : answer.toString(StandardCharsets.UTF_8);
            // DingTalk's usual success, byte for byte; everything else is read as a sender reads it.
            if (body != null && body.startsWith("{\"errcode\":0,")) {
                return null;
            }
            Classification c = CLASSIFIER.classify(status, null, body);
            if (c.isDelivered()) {
                return null;
            }
            if (c.outcome() == Outcome.IP_BANNED) {
                return "punish";
            }
            // No errcode to count by: an unreadable body, or JSON without one.
            return c.code().startsWith("http.") ? "bad_reply" : "errcode_" + c.code();
        }
    }

    /** Signed @robot callbacks; the answer must be {@code empty} or one valid message. */
    static final class Robot extends RequestFactory {
        private static final byte[] EMPTY_REPLY = ascii("{\"msgtype\":\"empty\"}");
        private static final Buffer EMPTY = Buffer.buffer(EMPTY_REPLY);
        private final LoadOptions o;
        private final Endpoint endpoint;
        private final String uri;
        private final UniqueIds ids = new UniqueIds();
        private final JsonTemplate template;
        private final byte[][] conversations;
        private int nextConversation;
        private long signedAt = -1;
        private byte[] now;
        private byte[] expires;
        private CharSequence[] headers;

        Robot(LoadOptions o) {
            this.o = o;
            this.endpoint = Endpoint.of(o.url);
            this.uri = endpoint.uri(o.url);
            this.conversations = conversationIds(o, ids).stream().map(RequestFactory::ascii).toArray(byte[][]::new);
            // The body DingTalk sends (CallbackPayloads, as the simulator's own callbacks), rendered once with slots.
            ObjectNode body = CallbackPayloads.robotMessage(o.app, "dingloadcorp", "@@CID@@", "负载测试群",
                    new CallbackPayloads.Speaker("压测用户", "user123", false), "帮助",
                    "http://localhost:8090/robot/sendBySession?session=load", 0, 0);
            body.put("msgId", "@@MSGID@@").put("createAt", "@@NOW@@").put("sessionWebhookExpiredTime", "@@EXPIRES@@");
            String json = body.toString().replace("\"@@NOW@@\"", "@@NOW@@").replace("\"@@EXPIRES@@\"", "@@EXPIRES@@");
            this.template = JsonTemplate.of(json, "@@CID@@", "@@MSGID@@", "@@NOW@@", "@@EXPIRES@@");
        }

        @Override
        Request next() {
            long ms = System.currentTimeMillis();
            if (ms != signedAt) {
                // DingTalk signs only the timestamp: one HMAC per millisecond serves every request sent in it.
                signedAt = ms;
                String ts = Long.toString(ms);
                now = ascii(ts);
                expires = ascii(Long.toString(ms + DingTalkLimits.SESSION_WEBHOOK_LIFETIME.toMillis()));
                headers = new CharSequence[] {CONTENT_TYPE, JSON_UTF8, USER_AGENT, AGENT, TIMESTAMP, ts, SIGN,
                        HmacSigner.sign(o.app.appSecret(), ms)};
            }
            byte[] cid = conversations[nextConversation];
            nextConversation = nextConversation + 1 == conversations.length ? 0 : nextConversation + 1;
            Buffer body = template.write(Buffer.buffer(template.constantBytes() + 96), cid, ascii(ids.next("msg", 12)), now, expires);
            return new Request(endpoint, uri, headers, body);
        }

        @Override
        String check(int status, Buffer body) {
            // The gateway's usual answer, byte for byte; anything else goes through the strict parser.
            if (status == 200 && body != null && body.length() == EMPTY_REPLY.length && body.equals(EMPTY)) {
                return null;
            }
            CallbackChecks.Verdict v = CallbackChecks.robotReply(status, body == null ? null : body.toString(StandardCharsets.UTF_8));
            return v.ok() ? null : v.kind();
        }
    }

    /** Encrypted event pushes; the answer must be the encrypted {@code success}, signature verified. */
    static final class Events extends RequestFactory {
        private static final CharSequence[] HEADERS = {CONTENT_TYPE, JSON, USER_AGENT, AGENT};
        /** Fields holding the push time: numbers in the JSON, or strings. */
        private static final List<String> TIME_NUMBERS = List.of("EventTime", "timeStamp");
        private static final List<String> TIME_STRINGS = List.of("operateTime", "OperatTime");
        private final Endpoint endpoint;
        private final String uri;
        private final CallbackCrypto crypto;
        private final UniqueIds ids = new UniqueIds();
        private final List<String> conversations;
        private final JsonTemplate template;
        private final List<String> slots = new ArrayList<>();
        private int nextConversation;

        Events(LoadOptions o) {
            this.endpoint = Endpoint.of(o.url);
            this.uri = endpoint.uri(o.url) + (o.url.contains("?") ? "&" : "?");
            // The random prefix of each plaintext needs no SecureRandom in a load generator.
            this.crypto = new CallbackCrypto(o.app.token(), o.app.aesKey(), o.app.ownerKey(), new SplittableRandom(),
                    Clock.systemUTC());
            this.conversations = conversationIds(o, ids);
            CallbackPayloads.EventContext ctx = new CallbackPayloads.EventContext("dingloadcorp", "@@CID@@", "chatload",
                    "负载测试群", o.app.appKey());
            ObjectNode event = CallbackPayloads.event(o.eventType, ctx, 0L, null);
            List<String> markers = new ArrayList<>();
            for (String field : TIME_NUMBERS) {
                if (event.has(field)) {
                    event.put(field, "@@" + field + "@@");
                    markers.add("\"@@" + field + "@@\"");
                    slots.add("now");
                }
            }
            for (String field : TIME_STRINGS) {
                if (event.has(field)) {
                    event.put(field, "@@" + field + "@@");
                    markers.add("@@" + field + "@@");
                    slots.add("now");
                }
            }
            if (event.has("BizId")) {
                event.put("BizId", "@@BizId@@");
                markers.add("@@BizId@@");
                slots.add("bizId");
            }
            if (event.has("eventId")) {
                event.put("eventId", "@@eventId@@");
                markers.add("@@eventId@@");
                slots.add("eventId");
            }
            String json = event.toString();
            if (json.contains("@@CID@@")) {
                markers.add("@@CID@@");
                slots.add("cid");
            }
            this.template = JsonTemplate.of(json, markers.toArray(String[]::new));
        }

        @Override
        Request next() {
            long ms = System.currentTimeMillis();
            String now = Long.toString(ms);
            String cid = conversations.get(nextConversation);
            nextConversation = nextConversation + 1 == conversations.size() ? 0 : nextConversation + 1;
            String[] values = new String[slots.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = switch (slots.get(i)) {
                    case "now" -> now;
                    case "bizId" -> now + ThreadLocalRandom.current().nextInt(1000, 9999);
                    case "eventId" -> ids.next("", 20); // 32 hex digits, as DingTalk's eventIds
                    default -> cid;
                };
            }
            EncryptedMessage push = crypto.encrypt(template.render(values), now, RandomIds.alnum(8));
            // {"encrypt":"<Base64>"}: Base64 needs no JSON escaping.
            Buffer body = Buffer.buffer(push.encrypt().length() + 14).appendString("{\"encrypt\":\"")
                    .appendString(push.encrypt()).appendString("\"}");
            return new Request(endpoint, uri + push.toQuery().toQueryString(), HEADERS, body);
        }

        @Override
        String check(int status, Buffer body) {
            CallbackChecks.Verdict v = CallbackChecks.eventReply(crypto, status, body == null ? null : body.toString(StandardCharsets.UTF_8));
            return v.ok() ? null : v.kind();
        }
    }
}
