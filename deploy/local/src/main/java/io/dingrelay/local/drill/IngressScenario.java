package io.dingrelay.local.drill;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dingrelay.events.EventJson;
import io.dingrelay.events.Topics;
import io.dingrelay.local.LocalSecrets;
import io.dingrelay.protocol.callback.CallbackCrypto;
import io.dingrelay.protocol.callback.EncryptedMessage;
import io.dingrelay.protocol.signature.RobotCallbackVerifier;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Scenario 1, ingress under fire: callbacks signed and encrypted as DingTalk does (the protocol library's
 * {@link CallbackCrypto} and {@link RobotCallbackVerifier#sign}), spread over two gateway instances, while the broker
 * is stopped and started again and the second gateway is killed with SIGKILL and restarted. Afterwards every callback
 * answered 200 must be in Kafka exactly once by its id; every other one must have been answered 503, or its
 * connection failed (both of which DingTalk retries).
 */
final class IngressScenario {

    static final String NAME = "1 ingress under fire";
    private static final String SECOND = "callback-gateway-2";
    private static final int CONVERSATIONS = 500;
    private static final int IN_FLIGHT = 128;

    /** What each callback was: which topics it must reach. */
    private enum Kind { ROBOT, LIFECYCLE_EVENT, EVENT }

    private final DrillContext ctx;

    IngressScenario(DrillContext ctx) {
        this.ctx = ctx;
    }

    ScenarioResult run() {
        int n = ctx.scale.callbacks();
        LocalSecrets s = ctx.secrets;
        String prefix = ctx.runId + "-in-";
        String corp = "dingdrillcorp";
        String[] urls = {ctx.stack.url("callback-gateway"), ctx.stack.process(SECOND).url()};
        java.util.concurrent.atomic.AtomicBoolean secondDown = new java.util.concurrent.atomic.AtomicBoolean();
        ThreadLocal<CallbackCrypto> crypto = ThreadLocal.withInitial(() -> new CallbackCrypto(s.token(), s.aesKey(), s.ownerKey()));
        RobotCallbackVerifier signer = new RobotCallbackVerifier();
        Kind[] kinds = new Kind[n];
        AtomicIntegerArray status = new AtomicIntegerArray(n); // 0 = connection failed
        AtomicInteger badReplies = new AtomicInteger();
        AtomicInteger sent = new AtomicInteger();
        List<String> faults = java.util.Collections.synchronizedList(new ArrayList<>());

        // The faults, one after the other, each when the load has reached its point.
        Thread controller = new Thread(() -> {
            awaitSent(sent, n * 15 / 100);
            ctx.log("ingress: stopping the broker at callback %d", sent.get());
            ctx.stack.stopKafka();
            TopicCensus.pause(ctx.scale.brokerOutage());
            ctx.stack.startKafka();
            ctx.log("ingress: broker back at callback %d", sent.get());
            faults.add("broker stopped at " + pct(sent.get(), n) + " for " + ctx.scale.brokerOutage().toSeconds() + " s");
            awaitSent(sent, n / 2);
            int at = sent.get();
            ctx.stack.kill(SECOND);
            secondDown.set(true); // the load balancer notices: new callbacks go to the first instance
            ctx.log("ingress: %s SIGKILLed at callback %d", SECOND, at);
            ctx.stack.restart(SECOND);
            secondDown.set(false);
            ctx.log("ingress: %s ready again at callback %d", SECOND, sent.get());
            faults.add(SECOND + " SIGKILLed at " + pct(at, n) + ", restarted");
        }, "drill-ingress-faults");
        controller.setDaemon(true);
        controller.start();

        long started = System.nanoTime();
        ctx.http.run(n, IN_FLIGHT, i -> {
            // Paced, so the faults land inside the load rather than after it.
            long due = started + (long) (i * 1e9 / ctx.scale.callbackRate());
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            sent.incrementAndGet();
            int instance = (i % 2 == 1 && !secondDown.get()) ? 1 : 0;
            String id = prefix + i;
            String conversation = "cid" + ctx.runId + "c" + (i % CONVERSATIONS);
            kinds[i] = switch (i % 4) {
                case 0, 1 -> Kind.ROBOT;
                case 2 -> Kind.LIFECYCLE_EVENT;
                default -> Kind.EVENT;
            };
            if (kinds[i] == Kind.ROBOT) {
                long ts = System.currentTimeMillis();
                return DrillHttp.request(urls[instance] + "/dingtalk/apps/" + LocalSecrets.APP + "/robot")
                        .header("Content-Type", "application/json; charset=utf-8")
                        .header("timestamp", Long.toString(ts)).header("sign", signer.sign(s.appSecret(), ts))
                        .POST(HttpRequest.BodyPublishers.ofString(robotBody(id, conversation, corp, s.appKey(), ts), StandardCharsets.UTF_8))
                        .build();
            }
            long now = System.currentTimeMillis();
            String plaintext = eventPlaintext(kinds[i] == Kind.LIFECYCLE_EVENT ? "chat_update_title" : "chat_add_member",
                    id, conversation, corp, now);
            EncryptedMessage m = crypto.get().encrypt(plaintext, Long.toString(now), nonce());
            return DrillHttp.request(urls[instance] + "/dingtalk/apps/" + LocalSecrets.APP + "/events?signature=" + m.msgSignature()
                            + "&timestamp=" + m.timeStamp() + "&nonce=" + URLEncoder.encode(m.nonce(), StandardCharsets.UTF_8))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(m.toPushBody(), StandardCharsets.UTF_8)).build();
        }, (i, answer) -> {
            status.set(i, answer.status());
            if (answer.status() == 200 && !validReply(kinds[i], answer.body(), crypto.get())) {
                badReplies.incrementAndGet();
            }
        });
        double seconds = (System.nanoTime() - started) / 1e9;
        try {
            controller.join(Duration.ofMinutes(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ctx.log("ingress: %d callbacks sent in %.1f s; waiting until the topics are quiet", n, seconds);

        // Answered 503 but already in a producer's buffer: written once the broker is back (within delivery.timeout).
        List<String> topics = List.of(Topics.CHAT_MESSAGES, Topics.DINGTALK_EVENTS, Topics.ROBOT_EVENTS);
        ctx.census.awaitQuiet(topics, Duration.ofSeconds(5), Duration.ofMinutes(3));
        Map<String, Integer> chat = ctx.census.countIds(Topics.CHAT_MESSAGES, prefix);
        Map<String, Integer> events = ctx.census.countIds(Topics.DINGTALK_EVENTS, prefix);
        Map<String, Integer> robotEvents = ctx.census.countIds(Topics.ROBOT_EVENTS, prefix);

        long ok = 0, delivered = 0, lost = 0, duplicated = 0, svc503 = 0, connFailed = 0, other5xx = 0, rescued = 0;
        Map<Integer, Integer> unexpected = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            String id = prefix + i;
            int primary = (kinds[i] == Kind.ROBOT ? chat : events).getOrDefault(id, 0);
            int secondary = kinds[i] == Kind.LIFECYCLE_EVENT ? robotEvents.getOrDefault(id, 0) : -1;
            boolean twice = primary > 1 || secondary > 1;
            if (twice) {
                duplicated++;
            }
            int st = status.get(i);
            if (st == 200) {
                ok++;
                if (primary == 0 || secondary == 0) {
                    lost++;
                } else {
                    delivered++;
                }
            } else {
                if (st == 503) {
                    svc503++;
                } else if (st == 0) {
                    connFailed++;
                } else {
                    unexpected.merge(st, 1, Integer::sum);
                    if (st >= 500) {
                        other5xx++;
                    }
                }
                if (primary > 0) {
                    rescued++;
                }
            }
        }
        List<String> problems = new ArrayList<>();
        if (!unexpected.isEmpty()) {
            problems.add("answered neither 200 nor 503: " + unexpected + " (status: count)");
        }
        if (badReplies.get() > 0) {
            problems.add(badReplies.get() + " answers 200 whose body is not DingTalk's expected reply");
        }
        List<String> notes = new ArrayList<>();
        notes.add(String.format("%,d callbacks (%,d robot messages, %,d event pushes) in %.0f s to 2 gateway instances; %s",
                n, (n + 1) / 2, n / 2, seconds, String.join("; ", faults)));
        notes.add(String.format("answered 503 (DingTalk redelivers): %,d; connection failed or no answer (the killed instance; DingTalk "
                + "retries these too): %,d; of these not-200 callbacks %,d were written anyway (records already in a producer's "
                + "buffer, written once the broker was back; a redelivery would be de-duplicated by id downstream)", svc503, connFailed, rescued));
        return new ScenarioResult(NAME, String.format("%,d callbacks; broker stop/start; SIGKILL + restart of 1 of 2 gateways", n),
                ok, delivered, lost, duplicated, -1, other5xx, problems, notes);
    }

    private static boolean validReply(Kind kind, String body, CallbackCrypto crypto) {
        try {
            if (kind == Kind.ROBOT) {
                return body != null && body.replace(" ", "").equals("{\"msgtype\":\"empty\"}");
            }
            return CallbackCrypto.SUCCESS.equals(crypto.decryptReply(body));
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** A group @robot message as DingTalk posts it (dingtalk-protocol.md §3.2). */
    static String robotBody(String msgId, String conversation, String corp, String robotCode, long now) {
        ObjectNode o = EventJson.mapper().createObjectNode();
        o.put("conversationId", conversation);
        o.putArray("atUsers").addObject().put("dingtalkId", "$:LWCP_v1:$drillrobot");
        o.put("chatbotCorpId", corp);
        o.put("chatbotUserId", "$:LWCP_v1:$drillrobot");
        o.put("msgId", msgId);
        o.put("senderNick", "演练");
        o.put("isAdmin", false);
        o.put("senderStaffId", "drill01");
        o.put("sessionWebhookExpiredTime", now + 5_400_000);
        o.put("createAt", now);
        o.put("senderCorpId", corp);
        o.put("conversationType", "2");
        o.put("senderId", "$:LWCP_v1:$drillsender");
        o.put("conversationTitle", "演练群");
        o.put("isInAtList", true);
        o.put("sessionWebhook", "https://oapi.dingtalk.com/robot/sendBySession?session=drill");
        o.putObject("text").put("content", " 今天的数据");
        o.put("robotCode", robotCode);
        o.put("msgtype", "text");
        return o.toString();
    }

    /** The decrypted JSON of an HTTP event push (dingtalk-protocol.md §2.1/§2.2). */
    static String eventPlaintext(String type, String eventId, String conversation, String corp, long now) {
        ObjectNode o = EventJson.mapper().createObjectNode();
        o.put("EventType", type);
        o.put("EventTime", now);
        o.put("CorpId", corp);
        o.put("BizId", Long.toString(now));
        o.put("eventId", eventId);
        o.put("timeStamp", now);
        o.put("chatId", "chat" + conversation);
        o.put("corpId", corp);
        o.put("openConversationId", conversation);
        o.put("operator", "drill01");
        if (type.equals("chat_update_title")) {
            o.put("title", "演练群 " + eventId.substring(eventId.length() - 3));
        } else {
            o.putArray("userId").add("drill02");
        }
        return o.toString();
    }

    static String nonce() {
        String chars = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder b = new StringBuilder(16);
        ThreadLocalRandom r = ThreadLocalRandom.current();
        for (int i = 0; i < 16; i++) {
            b.append(chars.charAt(r.nextInt(chars.length())));
        }
        return b.toString();
    }

    private static void awaitSent(AtomicInteger sent, int target) {
        while (sent.get() < target) {
            TopicCensus.pause(Duration.ofMillis(50));
        }
    }

    private static String pct(int at, int n) {
        return (at * 100L / n) + " %";
    }
}
