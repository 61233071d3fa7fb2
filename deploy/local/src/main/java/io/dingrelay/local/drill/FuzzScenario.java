package io.dingrelay.local.drill;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dingrelay.events.EventJson;
import io.dingrelay.events.Topics;
import io.dingrelay.local.LocalSecrets;
import io.dingrelay.protocol.callback.CallbackCrypto;
import io.dingrelay.protocol.callback.CallbackSignature;
import io.dingrelay.protocol.callback.EncryptedMessage;
import io.dingrelay.protocol.signature.RobotCallbackVerifier;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Scenario 4, bad input at scale: requests built to be refused, against every public endpoint of the stack: the
 * gateway's callbacks (signed requests with one signed part, the routing or the body syntax broken) and the admin
 * APIs of the registry, the dispatcher, chat-bridge and screenshot-worker (wrong or missing token, garbage path and
 * query parameters, bodies of the wrong shape, type, encoding, size and nesting). No answer may be a 5xx, no gateway
 * request may be accepted, and no record may be published for them (every topic's end offsets before and after).
 * The seed is printed; {@code -Ddrill.fuzz.seed=N} repeats a run.
 */
final class FuzzScenario {

    static final String NAME = "4 bad input at scale";

    /** One kind of request: which service, and how to build it from the random source. */
    private record Target(String service, String label, boolean mutating, Function<SplittableRandom, HttpRequest> build) {
    }

    private final DrillContext ctx;
    private final long seed = Long.getLong("drill.fuzz.seed", System.nanoTime());

    FuzzScenario(DrillContext ctx) {
        this.ctx = ctx;
    }

    ScenarioResult run() {
        List<Target> targets = new ArrayList<>();
        gatewayTargets(targets);
        adminTargets(targets);
        List<String> allTopics = new ArrayList<>(Topics.all().keySet());
        long offsetsBefore = ctx.census.endOffsetSum(allTopics);

        int n = ctx.scale.fuzzRequests();
        SplittableRandom root = new SplittableRandom(seed);
        Target[] chosen = new Target[n];
        SplittableRandom[] randoms = new SplittableRandom[n];
        for (int i = 0; i < n; i++) {
            chosen[i] = targets.get(root.nextInt(targets.size()));
            randoms[i] = root.split();
        }
        Map<String, AtomicLong> byService = new ConcurrentHashMap<>();
        Map<String, AtomicLong> fiveXx = new ConcurrentHashMap<>();
        Map<String, AtomicLong> fiveXxByService = new ConcurrentHashMap<>();
        HttpRequest[] built = new HttpRequest[n];
        Map<String, AtomicLong> gatewayAccepted = new ConcurrentHashMap<>();
        Map<String, AtomicLong> acceptedMutations = new ConcurrentHashMap<>();
        AtomicLong refused = new AtomicLong();
        AtomicLong noAnswer = new AtomicLong();
        Map<String, AtomicLong> noAnswerByKind = new ConcurrentHashMap<>();
        List<String> samples = Collections.synchronizedList(new ArrayList<>());
        ctx.http.run(n, 32, i -> built[i] = chosen[i].build().apply(randoms[i]), (i, a) -> {
            Target t = chosen[i];
            byService.computeIfAbsent(t.service(), k -> new AtomicLong()).incrementAndGet();
            if (a.failedToConnect()) {
                noAnswer.incrementAndGet();
                noAnswerByKind.computeIfAbsent(t.label(), k -> new AtomicLong()).incrementAndGet();
                if (samples.size() < 10) {
                    samples.add("no answer: " + t.label() + " (" + a.failure() + ")");
                }
            } else if (a.status() >= 500) {
                fiveXx.computeIfAbsent(t.label(), k -> new AtomicLong()).incrementAndGet();
                fiveXxByService.computeIfAbsent(t.service(), k -> new AtomicLong()).incrementAndGet();
                if (samples.size() < 12) {
                    String body = a.body() == null ? "" : a.body().length() > 120 ? a.body().substring(0, 120) : a.body();
                    samples.add(t.service() + ": " + a.status() + " for " + shortUri(built[i]) + " (request " + i + "): " + body.replace('\n', ' '));
                }
            } else if (a.status() < 400) {
                if (t.service().equals("callback-gateway")) {
                    gatewayAccepted.computeIfAbsent(t.label(), k -> new AtomicLong()).incrementAndGet();
                } else if (t.mutating()) {
                    acceptedMutations.computeIfAbsent(t.label(), k -> new AtomicLong()).incrementAndGet();
                }
            } else {
                refused.incrementAndGet();
            }
        });
        ctx.census.awaitQuiet(allTopics, java.time.Duration.ofSeconds(3), java.time.Duration.ofSeconds(30));
        long published = ctx.census.endOffsetSum(allTopics) - offsetsBefore;

        long total5xx = fiveXx.values().stream().mapToLong(AtomicLong::get).sum();
        List<String> problems = new ArrayList<>();
        for (String service : new TreeMap<>(fiveXxByService).keySet()) {
            Map<String, AtomicLong> mine = new TreeMap<>();
            fiveXx.forEach((label, c) -> {
                if (label.startsWith(service + " ") || (service.equals("callback-gateway") && !label.contains("/api/"))) {
                    mine.put(label, c);
                }
            });
            problems.add(service + ": " + fiveXxByService.get(service).get() + " answers 5xx, by request kind " + counts(mine));
        }
        problems.addAll(samples);
        if (!gatewayAccepted.isEmpty()) {
            problems.add("the gateway accepted requests it must refuse: " + counts(gatewayAccepted));
        }
        if (noAnswer.get() > 0) {
            // By service, so that each line names whose answer was missing (a closed connection or a timeout).
            Map<String, Map<String, AtomicLong>> byOwner = new TreeMap<>();
            noAnswerByKind.forEach((label, c) -> byOwner.computeIfAbsent(ownerOf(label), k -> new TreeMap<>()).put(label, c));
            byOwner.forEach((service, kinds) -> problems.add(service + ": " + kinds.values().stream().mapToLong(AtomicLong::get).sum()
                    + " requests got no answer at all (connection closed or timed out), by request kind " + counts(kinds)));
        }
        if (published > 0 && acceptedMutations.isEmpty()) {
            problems.add(published + " records were published while every request was refused");
        }
        List<String> notes = new ArrayList<>();
        notes.add(String.format("seed %d (-Ddrill.fuzz.seed=%d repeats it); %,d requests by service: %s; %d request kinds",
                seed, seed, n, counts(byService), targets.size()));
        notes.add(String.format("refused with a 4xx: %,d; records published meanwhile on any topic: %,d", refused.get(), published));
        if (!acceptedMutations.isEmpty()) {
            notes.add("admin writes answered 2xx/3xx (valid after all, or a console form's redirect carrying its refusal; "
                    + "no record published unless counted above): " + counts(acceptedMutations));
        }
        Map<String, Long> fiveXxCounts = new TreeMap<>();
        fiveXxByService.forEach((k, v) -> fiveXxCounts.put(k, v.get()));
        return new ScenarioResult(NAME, String.format("%,d fuzzed requests, %d request kinds, %d services", n, targets.size(),
                targets.stream().map(Target::service).distinct().count()),
                refused.get(), -1, -1, -1, -1, total5xx, problems, notes, fiveXxCounts);
    }

    /** The service a request kind's label belongs to (admin kinds start with it; the rest are the gateway's). */
    private static String ownerOf(String label) {
        int space = label.indexOf(' ');
        String first = space < 0 ? label : label.substring(0, space);
        return List.of("robot-registry", "push-dispatcher", "chat-bridge", "screenshot-worker", CONSOLE).contains(first) ? first : "callback-gateway";
    }

    /** Method, path and query of a request, cut short (no secret is in an admin URL; callback URLs carry only signatures). */
    private static String shortUri(HttpRequest r) {
        if (r == null) {
            return "?";
        }
        String u = r.method() + " " + r.uri().getRawPath() + (r.uri().getRawQuery() == null ? "" : "?" + r.uri().getRawQuery());
        return u.length() > 110 ? u.substring(0, 110) + "…" : u;
    }

    private static String counts(Map<String, AtomicLong> m) {
        Map<String, Long> sorted = new TreeMap<>();
        m.forEach((k, v) -> sorted.put(k, v.get()));
        return sorted.toString();
    }

    // ---- the gateway: signed requests with exactly one thing broken ----

    private void gatewayTargets(List<Target> targets) {
        LocalSecrets s = ctx.secrets;
        String gw = ctx.stack.url("callback-gateway");
        String robotUrl = gw + "/dingtalk/apps/" + LocalSecrets.APP + "/robot";
        String eventsUrl = gw + "/dingtalk/apps/" + LocalSecrets.APP + "/events";
        RobotCallbackVerifier signer = new RobotCallbackVerifier();
        ThreadLocal<CallbackCrypto> crypto = ThreadLocal.withInitial(() -> new CallbackCrypto(s.token(), s.aesKey(), s.ownerKey()));
        ThreadLocal<CallbackCrypto> otherReceiver = ThreadLocal.withInitial(() -> new CallbackCrypto(s.token(), s.aesKey(), "dingsomeoneelse"));
        String prefix = ctx.runId + "-fz-";

        Function<SplittableRandom, Robot> robot = r -> {
            long ts = System.currentTimeMillis();
            return new Robot(ts, signer.sign(s.appSecret(), ts), IngressScenario.robotBody(prefix + r.nextLong(Long.MAX_VALUE),
                    "cid" + ctx.runId + "fz", "dingdrillcorp", s.appKey(), ts));
        };
        robotTarget(targets, "robot: sign altered", robotUrl, robot, (r, m, b) -> b.header("timestamp", "" + m.ts()).header("sign", flip(m.sign(), r)), Robot::body);
        robotTarget(targets, "robot: sign missing", robotUrl, robot, (r, m, b) -> b.header("timestamp", "" + m.ts()), Robot::body);
        robotTarget(targets, "robot: timestamp altered", robotUrl, robot, (r, m, b) -> b.header("timestamp", "" + (m.ts() + 1 + r.nextInt(1000))).header("sign", m.sign()), Robot::body);
        robotTarget(targets, "robot: signed 2 h ago", robotUrl, robot, (r, m, b) -> {
            long old = m.ts() - 2 * 3_600_000L;
            return b.header("timestamp", "" + old).header("sign", signer.sign(s.appSecret(), old));
        }, Robot::body);
        robotTarget(targets, "robot: timestamp not a number", robotUrl, robot, (r, m, b) -> b.header("timestamp", garbageAscii(r)).header("sign", m.sign()), Robot::body);
        robotTarget(targets, "robot: sign not base64", robotUrl, robot, (r, m, b) -> b.header("timestamp", "" + m.ts()).header("sign", "%%" + garbageAscii(r)), Robot::body);
        robotTarget(targets, "robot: timestamp header twice", robotUrl, robot, (r, m, b) -> b.header("timestamp", "" + m.ts()).header("timestamp", "" + (m.ts() - 5)).header("sign", m.sign()), Robot::body);
        robotTarget(targets, "robot: body not JSON", robotUrl, robot, signed(), (m) -> "msgtype=text&" + m.body().hashCode());
        robotTarget(targets, "robot: body truncated", robotUrl, robot, signed(), m -> m.body().substring(0, m.body().length() / 2));
        robotTarget(targets, "robot: body a JSON array", robotUrl, robot, signed(), m -> "[" + m.body() + "]");
        robotTarget(targets, "robot: no msgId", robotUrl, robot, signed(), m -> withField(m.body(), "msgId", null));
        robotTarget(targets, "robot: conversationId a number", robotUrl, robot, signed(), m -> withField(m.body(), "conversationId", 42));
        robotTarget(targets, "robot: empty body", robotUrl, robot, signed(), m -> "");
        targets.add(new Target("callback-gateway", "robot: not UTF-8", true, r -> {
            Robot m = robot.apply(r);
            byte[] b = m.body().getBytes(StandardCharsets.UTF_8);
            byte[] bad = new byte[b.length + 2];
            System.arraycopy(b, 0, bad, 0, b.length - 2);
            bad[b.length - 2] = (byte) 0xC3;
            bad[b.length - 1] = (byte) 0x28;
            bad[b.length] = '"';
            bad[b.length + 1] = '}';
            return DrillHttp.request(robotUrl).header("Content-Type", "application/json").header("timestamp", "" + m.ts()).header("sign", m.sign())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bad)).build();
        }));
        targets.add(new Target("callback-gateway", "robot: text/plain", true, r -> {
            Robot m = robot.apply(r);
            return DrillHttp.request(robotUrl).header("Content-Type", "text/plain").header("timestamp", "" + m.ts()).header("sign", m.sign())
                    .POST(HttpRequest.BodyPublishers.ofString(m.body())).build();
        }));
        targets.add(new Target("callback-gateway", "robot: 70 KB body", true, r -> {
            Robot m = robot.apply(r);
            return DrillHttp.request(robotUrl).header("Content-Type", "application/json").header("timestamp", "" + m.ts()).header("sign", m.sign())
                    .POST(HttpRequest.BodyPublishers.ofString(withField(m.body(), "senderNick", "长".repeat(24_000)), StandardCharsets.UTF_8)).build();
        }));
        targets.add(new Target("callback-gateway", "unknown app", true, r -> {
            Robot m = robot.apply(r);
            return DrillHttp.request(gw + "/dingtalk/apps/" + pathGarbage(r) + "/robot").header("Content-Type", "application/json")
                    .header("timestamp", "" + m.ts()).header("sign", m.sign()).POST(HttpRequest.BodyPublishers.ofString(m.body(), StandardCharsets.UTF_8)).build();
        }));

        record Event(EncryptedMessage m, String plaintext) {
        }
        Function<SplittableRandom, Event> event = r -> {
            long now = System.currentTimeMillis();
            String p = IngressScenario.eventPlaintext("chat_update_title", prefix + r.nextLong(Long.MAX_VALUE), "cid" + ctx.runId + "fz", "dingdrillcorp", now);
            return new Event(crypto.get().encrypt(p, "" + now, IngressScenario.nonce()), p);
        };
        eventTarget(targets, "event: signature altered", eventsUrl, r -> {
            EncryptedMessage m = event.apply(r).m();
            return query(flip(m.msgSignature(), r), m.timeStamp(), m.nonce()) + "|" + m.toPushBody();
        });
        eventTarget(targets, "event: signature missing", eventsUrl, r -> {
            EncryptedMessage m = event.apply(r).m();
            return "timestamp=" + m.timeStamp() + "&nonce=" + m.nonce() + "|" + m.toPushBody();
        });
        eventTarget(targets, "event: nonce altered", eventsUrl, r -> {
            EncryptedMessage m = event.apply(r).m();
            return query(m.msgSignature(), m.timeStamp(), m.nonce() + "x") + "|" + m.toPushBody();
        });
        eventTarget(targets, "event: timestamp altered", eventsUrl, r -> {
            EncryptedMessage m = event.apply(r).m();
            return query(m.msgSignature(), m.timeStamp() + "1", m.nonce()) + "|" + m.toPushBody();
        });
        eventTarget(targets, "event: ciphertext altered, not re-signed", eventsUrl, r -> {
            EncryptedMessage m = event.apply(r).m();
            return query(m.msgSignature(), m.timeStamp(), m.nonce()) + "|" + "{\"encrypt\":\"" + flip(m.encrypt(), r) + "\"}";
        });
        eventTarget(targets, "event: ciphertext truncated, re-signed", eventsUrl, r -> {
            EncryptedMessage m = event.apply(r).m();
            String enc = m.encrypt().substring(0, m.encrypt().length() - 1 - r.nextInt(10));
            return query(CallbackSignature.compute(s.token(), m.timeStamp(), m.nonce(), enc), m.timeStamp(), m.nonce()) + "|{\"encrypt\":\"" + enc + "\"}";
        });
        eventTarget(targets, "event: another receiver", eventsUrl, r -> {
            long now = System.currentTimeMillis();
            EncryptedMessage m = otherReceiver.get().encrypt(IngressScenario.eventPlaintext("chat_update_title", prefix + r.nextLong(Long.MAX_VALUE),
                    "cid" + ctx.runId + "fz", "dingdrillcorp", now), "" + now, IngressScenario.nonce());
            return query(m.msgSignature(), m.timeStamp(), m.nonce()) + "|" + m.toPushBody();
        });
        eventTarget(targets, "event: plaintext not JSON", eventsUrl, r -> {
            long now = System.currentTimeMillis();
            EncryptedMessage m = crypto.get().encrypt("EventType=chat_update_title " + r.nextInt(), "" + now, IngressScenario.nonce());
            return query(m.msgSignature(), m.timeStamp(), m.nonce()) + "|" + m.toPushBody();
        });
        eventTarget(targets, "event: plaintext without EventType", eventsUrl, r -> {
            long now = System.currentTimeMillis();
            EncryptedMessage m = crypto.get().encrypt("{\"eventId\":\"" + prefix + r.nextInt() + "\",\"CorpId\":\"x\"}", "" + now, IngressScenario.nonce());
            return query(m.msgSignature(), m.timeStamp(), m.nonce()) + "|" + m.toPushBody();
        });
        eventTarget(targets, "event: body without encrypt", eventsUrl, r -> {
            EncryptedMessage m = event.apply(r).m();
            return query(m.msgSignature(), m.timeStamp(), m.nonce()) + "|{\"encrypted\":\"" + m.encrypt() + "\"}";
        });
        eventTarget(targets, "event: body garbage", eventsUrl, r -> {
            EncryptedMessage m = event.apply(r).m();
            return query(m.msgSignature(), m.timeStamp(), m.nonce()) + "|" + garbageText(r);
        });
        eventTarget(targets, "event: signature given twice, differing", eventsUrl, r -> {
            EncryptedMessage m = event.apply(r).m();
            return query(m.msgSignature(), m.timeStamp(), m.nonce()) + "&signature=" + flip(m.msgSignature(), r) + "|" + m.toPushBody();
        });
    }

    private record Robot(long ts, String sign, String body) {
    }

    private interface Headers<M> {
        HttpRequest.Builder apply(SplittableRandom r, M m, HttpRequest.Builder b);
    }

    private static Headers<Robot> signed() {
        return (r, m, b) -> b.header("timestamp", "" + m.ts()).header("sign", m.sign());
    }

    private static <M> void robotTarget(List<Target> targets, String label, String url, Function<SplittableRandom, M> make,
            Headers<M> headers, Function<M, String> body) {
        targets.add(new Target("callback-gateway", label, true, r -> {
            M m = make.apply(r);
            return headers.apply(r, m, DrillHttp.request(url).header("Content-Type", "application/json"))
                    .POST(HttpRequest.BodyPublishers.ofString(body.apply(m), StandardCharsets.UTF_8)).build();
        }));
    }

    /** {@code build} answers "query|body". */
    private static void eventTarget(List<Target> targets, String label, String url, Function<SplittableRandom, String> build) {
        targets.add(new Target("callback-gateway", label, true, r -> {
            String qb = build.apply(r);
            int bar = qb.indexOf('|');
            return DrillHttp.request(url + "?" + qb.substring(0, bar)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(qb.substring(bar + 1), StandardCharsets.UTF_8)).build();
        }));
    }

    private static String query(String signature, String timestamp, String nonce) {
        return "signature=" + signature + "&timestamp=" + timestamp + "&nonce=" + URLEncoder.encode(nonce, StandardCharsets.UTF_8);
    }

    private static String withField(String json, String field, Object value) {
        try {
            ObjectNode o = (ObjectNode) EventJson.mapper().readTree(json);
            if (value == null) {
                o.remove(field);
            } else if (value instanceof Integer i) {
                o.put(field, i);
            } else {
                o.put(field, value.toString());
            }
            return o.toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** One character of {@code s} replaced by a different one of the same alphabet kind. */
    private static String flip(String s, SplittableRandom r) {
        char[] c = s.toCharArray();
        int i = r.nextInt(c.length);
        c[i] = c[i] == 'a' ? 'b' : c[i] == '0' ? '1' : Character.isDigit(c[i]) ? '0' : 'a';
        return new String(c);
    }

    // ---- the admin APIs ----

    private void adminTargets(List<Target> targets) {
        String registry = ctx.stack.url("robot-registry");
        String dispatcher = ctx.stack.url("push-dispatcher");
        String chat = ctx.stack.url("chat-bridge");
        String worker = ctx.stack.url("screenshot-worker");
        // registry
        admin(targets, "robot-registry", "GET", registry, "/api/groups?%q", false);
        admin(targets, "robot-registry", "GET", registry, "/api/groups/%p", false);
        admin(targets, "robot-registry", "PATCH", registry, "/api/groups/%p", true);
        admin(targets, "robot-registry", "DELETE", registry, "/api/groups/%p", true);
        admin(targets, "robot-registry", "POST", registry, "/api/groups", true);
        admin(targets, "robot-registry", "POST", registry, "/api/groups/import", true);
        admin(targets, "robot-registry", "GET", registry, "/api/groups/export?%q", false);
        admin(targets, "robot-registry", "GET", registry, "/api/audience?%q", false);
        admin(targets, "robot-registry", "GET", registry, "/api/keys/rotate", false);
        unauthorised(targets, "robot-registry", "POST", registry, "/api/keys/rotate");
        // dispatcher
        admin(targets, "push-dispatcher", "POST", dispatcher, "/api/campaigns", true);
        admin(targets, "push-dispatcher", "GET", dispatcher, "/api/campaigns?%q", false);
        admin(targets, "push-dispatcher", "GET", dispatcher, "/api/campaigns/%p", false);
        admin(targets, "push-dispatcher", "PATCH", dispatcher, "/api/campaigns/%p", true);
        admin(targets, "push-dispatcher", "POST", dispatcher, "/api/campaigns/%p/pause", true);
        admin(targets, "push-dispatcher", "POST", dispatcher, "/api/campaigns/%p/resume", true);
        admin(targets, "push-dispatcher", "POST", dispatcher, "/api/campaigns/%p/archive", true);
        admin(targets, "push-dispatcher", "POST", dispatcher, "/api/campaigns/%p/runs", true);
        admin(targets, "push-dispatcher", "GET", dispatcher, "/api/campaigns/%p/runs?%q", false);
        admin(targets, "push-dispatcher", "GET", dispatcher, "/api/runs/%p", false);
        admin(targets, "push-dispatcher", "GET", dispatcher, "/api/runs/%p/deliveries?%q", false);
        admin(targets, "push-dispatcher", "POST", dispatcher, "/api/runs/%p/replay", true);
        admin(targets, "push-dispatcher", "POST", dispatcher, "/api/runs/%p/pause", true);
        admin(targets, "push-dispatcher", "POST", dispatcher, "/api/runs/%p/resume", true);
        admin(targets, "push-dispatcher", "GET", dispatcher, "/api/campaigns/%p/plan?%q", false);
        admin(targets, "push-dispatcher", "GET", dispatcher, "/api/quota?%q", false);
        // chat-bridge
        admin(targets, "chat-bridge", "GET", chat, "/api/check-ins/summary?%q", false);
        admin(targets, "chat-bridge", "GET", chat, "/api/faq?%q", false);
        admin(targets, "chat-bridge", "GET", chat, "/api/faq/%p", false);
        admin(targets, "chat-bridge", "POST", chat, "/api/faq", true);
        admin(targets, "chat-bridge", "PUT", chat, "/api/faq/%p", true);
        admin(targets, "chat-bridge", "DELETE", chat, "/api/faq/%p", true);
        admin(targets, "chat-bridge", "GET", chat, "/api/faq/search?%q", false);
        admin(targets, "chat-bridge", "POST", chat, "/api/faq/import", true);
        admin(targets, "chat-bridge", "GET", chat, "/api/faq/export?%q", false);
        // screenshot-worker
        admin(targets, "screenshot-worker", "GET", worker, "/api/datasets?%q", false);
        admin(targets, "screenshot-worker", "PUT", worker, "/api/datasets/%p", true);
        admin(targets, "screenshot-worker", "POST", worker, "/api/datasets/%p/points", true);
        admin(targets, "screenshot-worker", "GET", worker, "/api/datasets/%p?%q", false);
        admin(targets, "screenshot-worker", "GET", worker, "/api/datasets/%p/latest", false);
        admin(targets, "screenshot-worker", "POST", worker, "/api/dashboards", true);
        admin(targets, "screenshot-worker", "GET", worker, "/api/dashboards?%q", false);
        admin(targets, "screenshot-worker", "PUT", worker, "/api/dashboards/%p", true);
        admin(targets, "screenshot-worker", "GET", worker, "/api/dashboards/%p", false);
        admin(targets, "screenshot-worker", "DELETE", worker, "/api/dashboards/%p", true);
        admin(targets, "screenshot-worker", "POST", worker, "/api/dashboards/%p/snapshots", true);
        admin(targets, "screenshot-worker", "GET", worker, "/dashboards/%p", false);
        admin(targets, "screenshot-worker", "GET", worker, "/images/%p.png", false);
        unauthorised(targets, "screenshot-worker", "POST", worker, "/api/images/cleanup");
        consoleTargets(targets);
    }

    // ---- the console: its pages and forms, signed in as an operator would be ----

    private static final String CONSOLE = "console";

    private void consoleTargets(List<Target> targets) {
        if (ctx.stack.services().stream().noneMatch(p -> p.name().equals(CONSOLE))) {
            return;
        }
        String console = ctx.stack.url(CONSOLE);
        String session = consoleSession(console);
        for (String page : List.of("/groups?%q", "/groups/%p", "/groups/import", "/campaigns?%q", "/campaigns/%p",
                "/campaigns/%p/edit", "/runs/%p", "/runs/%p/progress.json", "/runs/%p/replay?%q", "/sign-in?%q", "/faq?%q",
                "/faq/%p", "/faq/export?%q", "/dashboards?%q", "/dashboards/%p", "/datasets/%p?%q")) {
            consoleTarget(targets, console, session, "GET", page, false);
        }
        for (String form : List.of("/groups/%p/status", "/groups/%p/tags", "/groups/import", "/campaigns", "/campaigns/%p/pause",
                "/campaigns/%p/resume", "/campaigns/%p/runs", "/campaigns/%p/edit", "/runs/%p/replay", "/sign-in", "/faq",
                "/faq/%p", "/faq/%p/delete", "/faq/import", "/datasets/%p/points")) {
            consoleTarget(targets, console, session, "POST", form, true);
        }
    }

    /** Signs in as an operator does: the sign-in form's cookie and hidden value, then the admin token; the session cookie. */
    private String consoleSession(String console) {
        java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(10)).build();
        try {
            java.net.http.HttpResponse<String> form = client.send(DrillHttp.request(console + "/sign-in").GET().build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            String pre = cookie(form, "dr_signin");
            java.net.http.HttpResponse<String> in = client.send(DrillHttp.request(console + "/sign-in")
                    .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", "dr_signin=" + pre)
                    .POST(HttpRequest.BodyPublishers.ofString("token=" + URLEncoder.encode(ctx.secrets.adminToken(), StandardCharsets.UTF_8)
                            + "&_pre=" + URLEncoder.encode(pre, StandardCharsets.UTF_8))).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            String session = cookie(in, "dr_session");
            if (session == null) {
                throw new IllegalStateException("the console's sign-in answered " + in.statusCode() + " without a session");
            }
            return session;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String cookie(java.net.http.HttpResponse<?> r, String name) {
        for (String c : r.headers().allValues("Set-Cookie")) {
            if (c.startsWith(name + "=")) {
                int end = c.indexOf(';');
                return c.substring(name.length() + 1, end < 0 ? c.length() : end);
            }
        }
        return null;
    }

    private static final java.util.regex.Pattern CSRF = java.util.regex.Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    /**
     * A console page or form with garbage in the path, query and form fields; signed in most of the time. Half of the
     * forms carry a real form token (read from a page first), so the garbage reaches the handler behind the check.
     */
    private void consoleTarget(List<Target> targets, String console, String session, String method, String path, boolean mutating) {
        String label = CONSOLE + " " + method + " " + path.replace("%p", "{id}").replace("?%q", "");
        targets.add(new Target(CONSOLE, label, mutating, r -> {
            String p = path.replace("%p", pathGarbage(r)).replace("%q", queryGarbage(r));
            HttpRequest.Builder b = DrillHttp.request(console + p);
            int auth = r.nextInt(10);
            if (auth < 8) {
                b.header("Cookie", "dr_session=" + session);
            } else if (auth == 8) {
                b.header("Cookie", "dr_session=" + garbageText(r).replaceAll("[^A-Za-z0-9]", "x"));
            }
            if (method.equals("GET")) {
                return b.GET().build();
            }
            StringBuilder form = new StringBuilder();
            if (auth < 8 && r.nextBoolean()) {
                String token = csrfToken(console, session);
                form.append("_csrf=").append(URLEncoder.encode(token == null ? "" : token, StandardCharsets.UTF_8)).append('&');
            } else if (r.nextBoolean()) {
                form.append("_csrf=").append(URLEncoder.encode(garbageText(r), StandardCharsets.UTF_8)).append('&');
            }
            int fields = 1 + r.nextInt(4);
            for (int i = 0; i < fields; i++) {
                form.append(FORM_GARBAGE[r.nextInt(FORM_GARBAGE.length)]).append('&');
            }
            int ct = r.nextInt(6);
            String type = ct < 4 ? "application/x-www-form-urlencoded" : ct == 4 ? "multipart/form-data; boundary=nope" : contentType(r);
            byte[] body = r.nextInt(8) == 0 ? bodyGarbage(r) : form.toString().getBytes(StandardCharsets.UTF_8);
            return b.header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        }));
    }

    /** A fresh form token from the groups page (tokens may be single-use), or null if the page did not give one. */
    private String csrfToken(String console, String session) {
        DrillHttp.Answer page = ctx.http.send(DrillHttp.request(console + "/groups").header("Cookie", "dr_session=" + session).GET().build());
        if (page.body() == null) {
            return null;
        }
        java.util.regex.Matcher m = CSRF.matcher(page.body());
        return m.find() ? m.group(1) : null;
    }

    private static final String[] FORM_GARBAGE = {"status=NOPE", "status=", "status=%00", "tags=%2C%2C", "tags=" + "t".repeat(300),
        "tags=%E7%BE%A4%00", "name=", "name=%00", "name=" + "长".repeat(2_000), "csv=title%2Cwebhook%0A%2C%2C", "csv=%22unterminated",
        "csv=" + "x".repeat(5_000), "cron=*+*+*+*+*+*+*", "cron=", "zone=Mars%2FPhobos", "stagger=PT-5M", "stagger=abc", "msgtype=nope",
        "text=%7B%7Bnope%7D%7D", "errcode=abc", "errcode=-1", "from=2026-13-45", "to=yesterday", "groupIds=%2C%2C", "groupIds=%00",
        "confirm=yes", "count=-1", "token=%00", "_pre=x", "question=", "question=%00", "answer=" + "答".repeat(3_000), "keywords=%2C%2C",
        "value=NaN", "value=1e999", "ts=yesterday", "metric=%27", "grace=PT-1S", "%ZZ=1", "a=%", "=", "&&&"};

    /** An admin call with garbage in every place a caller controls; the token right most of the time. */
    private void admin(List<Target> targets, String service, String method, String base, String path, boolean mutating) {
        String label = service + " " + method + " " + path.replace("%p", "{id}").replace("?%q", "");
        targets.add(new Target(service, label, mutating, r -> {
            String p = path.replace("%p", pathGarbage(r)).replace("%q", queryGarbage(r));
            HttpRequest.Builder b = DrillHttp.request(base + p);
            int auth = r.nextInt(10);
            if (auth < 8) {
                b.header("Authorization", "Bearer " + ctx.secrets.adminToken());
            } else if (auth == 8) {
                b.header("Authorization", "Bearer " + garbageText(r).replaceAll("[^A-Za-z0-9]", "x"));
            }
            boolean withBody = !method.equals("GET") && !method.equals("DELETE");
            if (withBody) {
                byte[] body = bodyGarbage(r);
                b.header("Content-Type", contentType(r));
                b.method(method, HttpRequest.BodyPublishers.ofByteArray(body));
            } else {
                b.method(method, HttpRequest.BodyPublishers.noBody());
            }
            return b.build();
        }));
    }

    private void unauthorised(List<Target> targets, String service, String method, String base, String path) {
        targets.add(new Target(service, service + " " + method + " " + path + " (no token)", true, r -> {
            HttpRequest.Builder b = DrillHttp.request(base + path);
            if (r.nextBoolean()) {
                b.header("Authorization", "Bearer wrong" + r.nextInt(1_000_000));
            }
            return b.method(method, HttpRequest.BodyPublishers.noBody()).build();
        }));
    }

    private static final String[] PATH_GARBAGE = {"0", "-1", "abc", "99999999999999999999999", "g_drill", "%00", "..%2F..%2Fetc%2Fpasswd",
        "%F0%9F%98%80", "%27%20OR%201%3D1%20--", "null", "%7B%7D", "1e309", "%E7%BE%A4", "a%20b", "%C3%28", "00000000-0000-0000-0000-000000000000"};

    private static String pathGarbage(SplittableRandom r) {
        if (r.nextInt(20) == 0) {
            return "x".repeat(1000 + r.nextInt(3000));
        }
        return PATH_GARBAGE[r.nextInt(PATH_GARBAGE.length)];
    }

    private static final String[] QUERY_GARBAGE = {"limit=-1", "limit=abc", "limit=99999999999", "limit=0", "after=%00", "after=zzz",
        "status=NOPE", "kind=ROBOT", "tags=%2C%2C", "tags=" + "t".repeat(300), "q=%25", "q=%27", "groupIds=%2C", "conversationId=",
        "conversationId=cid%00", "metric=%27", "status=DELIVERED&after=-5", "limit=1e3", "tag=%E7%BE%A4&limit=1", "from=2026-13-45"};

    private static String queryGarbage(SplittableRandom r) {
        StringBuilder b = new StringBuilder();
        int k = 1 + r.nextInt(3);
        for (int i = 0; i < k; i++) {
            if (i > 0) {
                b.append('&');
            }
            b.append(QUERY_GARBAGE[r.nextInt(QUERY_GARBAGE.length)]);
        }
        return b.toString();
    }

    private static final String[] CONTENT_TYPES = {"application/json", "application/json", "application/json", "text/csv",
        "application/x-ndjson", "text/plain", "application/xml", "application/json; charset=latin1", "garbage//type", "multipart/form-data"};

    private static String contentType(SplittableRandom r) {
        return CONTENT_TYPES[r.nextInt(CONTENT_TYPES.length)];
    }

    private static final String[] BODIES = {"{}", "[]", "null", "\"text\"", "123", "true", "{\"name\":123}", "{\"title\":[],\"webhook\":{}}",
        "{\"name\":\"x\",\"message\":\"not an object\"}", "{\"name\":\"x\",\"message\":{\"msgtype\":\"nope\"}}",
        "{\"name\":\"x\",\"schedule\":{\"cron\":\"* * * * * * * *\"},\"message\":{\"msgtype\":\"text\",\"text\":{\"content\":\"{{nope}}\"}}}",
        "{\"webhook\":\"http://evil.example.com/robot/send?access_token=x\",\"title\":\"t\"}", "{\"webhook\":\"javascript:alert(1)\"}",
        "{\"status\":\"DELETED\"}", "{\"tags\":\"notalist\"}", "{\"question\":null,\"answer\":7}", "{\"points\":[{\"ts\":\"yesterday\",\"value\":\"NaN\"}]}",
        "{\"template\":\"{{#each}}\",\"dataset\":7}", "{\"x\":1e999999}", "{\"x\":-0.0e-99999}", "{\"a\":\"\\ud800\"}", "{\"title\":\"a\\u0000b\",\"name\":\"a\\u0000b\",\"tags\":[\"\\u0000\"]}",
        "title,webhook,secret,tags\n,,,\n", "title,webhook\n\"unterminated", "{\"kind\":\"COOL_APP\"}\n{\"kind\":7}\nnot json",
        "{\"name\":\"x\"", "{\"name\":\"x\",}", "{'name':'x'}", "\u0000\u0001\u0002"};

    private static byte[] bodyGarbage(SplittableRandom r) {
        int kind = r.nextInt(20);
        if (kind == 0) {
            int depth = 2_000 + r.nextInt(3_000);
            return ("[".repeat(depth) + "]".repeat(depth)).getBytes(StandardCharsets.UTF_8);
        }
        if (kind == 1) {
            return ("{\"name\":\"" + "长".repeat(50_000 + r.nextInt(50_000)) + "\"}").getBytes(StandardCharsets.UTF_8);
        }
        if (kind == 2) {
            byte[] b = new byte[1 + r.nextInt(2_000)];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) r.nextInt(256);
            }
            return b;
        }
        if (kind == 3) {
            return new byte[0];
        }
        return BODIES[r.nextInt(BODIES.length)].getBytes(StandardCharsets.UTF_8);
    }

    /** Header values: printable ASCII only (the HTTP client refuses anything else before sending). */
    private static String garbageAscii(SplittableRandom r) {
        StringBuilder b = new StringBuilder();
        int n = 1 + r.nextInt(40);
        for (int i = 0; i < n; i++) {
            b.append((char) (0x21 + r.nextInt(0x5e)));
        }
        return b.toString();
    }

    private static String garbageText(SplittableRandom r) {
        String chars = "abcXYZ019-_=+/%&;: 群😀";
        StringBuilder b = new StringBuilder();
        int n = 1 + r.nextInt(40);
        for (int i = 0; i < n; i++) {
            b.appendCodePoint(chars.codePointAt(chars.offsetByCodePoints(0, r.nextInt(chars.codePointCount(0, chars.length())))));
        }
        return b.toString();
    }
}
