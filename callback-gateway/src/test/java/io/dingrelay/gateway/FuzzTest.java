package io.dingrelay.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dingrelay.gateway.support.Callbacks;
import io.dingrelay.gateway.support.GatewayTopics;
import io.dingrelay.gateway.support.Http;
import io.dingrelay.gateway.support.Samples;
import io.dingrelay.gateway.support.TestApps;
import io.dingrelay.gateway.support.TestAppsResource;
import io.dingrelay.gateway.support.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Thousands of randomly mutated callbacks (fixed, printed seed; {@code -Dgateway.fuzz.seed=…} replays a run,
 * {@code -Dgateway.fuzz.rounds=…} changes its length). Whether a mutated request is still valid is judged from the
 * request itself (mutations may cancel out), never from the gateway. Every valid original is published first, so:
 * <ul>
 *   <li>a mutation of anything signed (or of the routing, content type or body syntax) must be refused with a 4xx and
 *       a JSON reason;</li>
 *   <li>a request that is still a faithful copy (an unmodified replay, or an event push with an extra unsigned JSON
 *       field) must be answered 200 as a repeat;</li>
 *   <li>never a 5xx, and not one new record in Kafka.</li>
 * </ul>
 */
@QuarkusTest
@WithTestResource(GatewayTopics.class)
@WithTestResource(TestAppsResource.class)
class FuzzTest {

    static final long SEED = Long.getLong("gateway.fuzz.seed", 20261122L);
    static final int ROUNDS = Integer.getInteger("gateway.fuzz.rounds", 3000);
    static final Set<Integer> REFUSALS = Set.of(400, 401, 403, 404, 413, 415);
    static final String B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @TestHTTPResource("/")
    URL base;

    enum EventMutation {
        DROP_PARAM, DUPLICATE_PARAM, FLIP_PARAM, RENAME_PARAM, FLIP_ENCRYPT, TRUNCATE_ENCRYPT, APPEND_ENCRYPT,
        BREAK_BODY, GARBAGE_BEFORE_BODY, RANDOM_BODY, WRONG_CONTENT_TYPE, WRONG_APP,
        /** Still a faithful copy: the extra field is outside what is signed and ignored. */
        EXTRA_FIELD,
        /** A plain replay. */
        NONE
    }

    enum RobotMutation {
        DROP_TIMESTAMP, DROP_SIGN, DUPLICATE_TIMESTAMP, DUPLICATE_SIGN, FLIP_SIGN, SHIFT_TIMESTAMP, FAR_TIMESTAMP,
        GARBAGE_TIMESTAMP, BREAK_BODY, GARBAGE_BEFORE_BODY, RANDOM_BODY, EMPTY_BODY, WRONG_CONTENT_TYPE, WRONG_APP,
        /** A plain replay. */
        NONE
    }

    /** A mutable copy of an event push. */
    static final class Push {
        final Callbacks.EventPush original;
        List<String[]> query = new ArrayList<>();
        String encrypt;
        String extra = "";
        byte[] rawBody;
        String contentType = "application/json; charset=utf-8";
        String app = TestApps.MAIN.name();

        Push(Callbacks.EventPush original) {
            this.original = original;
        }

        /**
         * Whether the request still says exactly what DingTalk signed: the three parameters once each with their
         * values (other parameters are ignored), the same ciphertext in a JSON body, JSON, the same app.
         */
        boolean faithful() {
            List<String> signed = query.stream()
                    .filter(q -> Set.of("signature", "msg_signature", "timestamp", "timeStamp", "nonce").contains(q[0]))
                    .map(q -> q[0] + "=" + q[1]).sorted().toList();
            List<String> expected = List.of("nonce=" + original.message().nonce(),
                    "signature=" + original.message().msgSignature(), "timestamp=" + original.message().timeStamp());
            return signed.equals(expected) && rawBody == null && encrypt.equals(original.message().encrypt())
                    && "application/json; charset=utf-8".equals(contentType) && app.equals(TestApps.MAIN.name());
        }

        Http.Request render() {
            StringBuilder q = new StringBuilder();
            for (String[] p : query) {
                q.append(q.length() == 0 ? "?" : "&").append(p[0]).append('=').append(p[1]);
            }
            Http.Request r = Http.post("/dingtalk/apps/" + app + "/events" + q);
            if (contentType != null) {
                r.header("Content-Type", contentType);
            }
            return r.body(rawBody != null ? rawBody
                    : ("{\"encrypt\":\"" + encrypt + "\"" + extra + "}").getBytes(StandardCharsets.UTF_8));
        }
    }

    /** A mutable copy of a robot callback. */
    static final class RobotCall {
        final String originalTimestamp;
        final String originalSign;
        final byte[] originalBody;
        List<String> timestamps = new ArrayList<>();
        List<String> signs = new ArrayList<>();
        byte[] body;
        String contentType = "application/json; charset=utf-8";
        String app = TestApps.MAIN.name();

        RobotCall(String timestamp, String sign, byte[] body) {
            this.originalTimestamp = timestamp;
            this.originalSign = sign;
            this.originalBody = body;
            this.timestamps.add(timestamp);
            this.signs.add(sign);
            this.body = body;
        }

        /** Whether the request is still the signed original, byte for byte where it matters. */
        boolean faithful() {
            return timestamps.equals(List.of(originalTimestamp)) && signs.equals(List.of(originalSign))
                    && java.util.Arrays.equals(body, originalBody) && contentType != null
                    && contentType.startsWith("application/json") && app.equals(TestApps.MAIN.name());
        }

        Http.Request render() {
            Http.Request r = Http.post("/dingtalk/apps/" + app + "/robot");
            if (contentType != null) {
                r.header("Content-Type", contentType);
            }
            timestamps.forEach(t -> r.header("timestamp", t));
            signs.forEach(s -> r.header("sign", s));
            return r.body(body);
        }
    }

    @Test
    void mutatedCallbacksAreRefusedOrRecognisedAsRepeats() {
        System.out.printf("FuzzTest: seed=%d rounds=%d (replay with -Dgateway.fuzz.seed=%d)%n", SEED, ROUNDS, SEED);
        Random random = new Random(SEED);
        Http http = new Http(base.toString());

        List<Callbacks.EventPush> pushes = new ArrayList<>();
        List<String> robotBodies = new ArrayList<>();
        List<Callbacks.RobotSignature> robotSigns = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Callbacks.EventPush push = Callbacks.eventPush(Callbacks.crypto(TestApps.MAIN),
                    Samples.chatDisband(Samples.uid("ev"), "dingfuzz", Samples.uid("cid")),
                    Long.toString(System.currentTimeMillis()), Callbacks.nonce(random));
            assertThat(http.send(Http.post("/dingtalk/apps/main/events?" + push.query()).json().body(push.body())).status())
                    .isEqualTo(200);
            pushes.add(push);
            String body = Samples.groupText(Samples.uid("msg"), Samples.uid("cid"), "fuzz " + i, System.currentTimeMillis());
            Callbacks.RobotSignature sign = Callbacks.robotSignature(TestApps.MAIN);
            assertThat(http.send(Http.post("/dingtalk/apps/main/robot").json().header("timestamp", sign.timestamp())
                    .header("sign", sign.sign()).body(body)).status()).isEqualTo(200);
            robotBodies.add(body);
            robotSigns.add(sign);
        }

        try (TopicReader topics = new TopicReader(bootstrap)) {
            Map<String, Long> before = topics.endOffsets(GatewayTopics.TOPICS.keySet());
            int refused = 0;
            int repeats = 0;
            for (int round = 0; round < ROUNDS; round++) {
                boolean expectRepeat;
                Http.Request request;
                String description;
                if (random.nextBoolean()) {
                    Push p = push(pushes.get(random.nextInt(pushes.size())));
                    EnumSet<EventMutation> applied = EnumSet.noneOf(EventMutation.class);
                    int n = 1 + random.nextInt(3);
                    for (int k = 0; k < n; k++) {
                        EventMutation m = EventMutation.values()[random.nextInt(EventMutation.values().length)];
                        mutate(p, m, random);
                        applied.add(m);
                    }
                    expectRepeat = p.faithful();
                    request = p.render();
                    description = "event push " + applied;
                } else {
                    int which = random.nextInt(robotBodies.size());
                    RobotCall c = robotCall(robotBodies.get(which), robotSigns.get(which));
                    EnumSet<RobotMutation> applied = EnumSet.noneOf(RobotMutation.class);
                    int n = 1 + random.nextInt(3);
                    for (int k = 0; k < n; k++) {
                        RobotMutation m = RobotMutation.values()[random.nextInt(RobotMutation.values().length)];
                        mutate(c, m, random);
                        applied.add(m);
                    }
                    expectRepeat = c.faithful();
                    request = c.render();
                    description = "robot callback " + applied;
                }
                Http.Answer answer = http.send(request);
                String context = "round " + round + " (seed " + SEED + "): " + description + " answered " + answer;
                if (expectRepeat) {
                    assertThat(answer.status()).as(context).isEqualTo(200);
                    repeats++;
                } else {
                    assertThat(answer.status()).as(context).isIn(REFUSALS);
                    JsonNode json = BadInputTest.parse(answer.body());
                    assertThat(json.path("error").asText("")).as(context).isNotBlank();
                    refused++;
                }
            }
            System.out.printf("FuzzTest: %d refused, %d answered as repeats%n", refused, repeats);
            assertThat(topics.endOffsets(GatewayTopics.TOPICS.keySet())).as("records written by the fuzzing").isEqualTo(before);
        }
        assertThat(http.get("/dingtalk/ping").body()).isEqualTo("pong");
    }

    private static Push push(Callbacks.EventPush original) {
        Push p = new Push(original);
        p.query.add(new String[] {"signature", original.message().msgSignature()});
        p.query.add(new String[] {"timestamp", original.message().timeStamp()});
        p.query.add(new String[] {"nonce", original.message().nonce()});
        p.encrypt = original.message().encrypt();
        return p;
    }

    private static RobotCall robotCall(String body, Callbacks.RobotSignature sign) {
        return new RobotCall(sign.timestamp(), sign.sign(), body.getBytes(StandardCharsets.UTF_8));
    }

    private static void mutate(Push p, EventMutation m, Random r) {
        switch (m) {
            case DROP_PARAM -> {
                if (!p.query.isEmpty()) {
                    p.query.remove(r.nextInt(p.query.size()));
                }
            }
            case DUPLICATE_PARAM -> {
                String[] victim = p.query.isEmpty() ? new String[] {"nonce", "n"} : p.query.get(r.nextInt(p.query.size()));
                p.query.add(new String[] {victim[0], victim[1] + "x"});
            }
            case FLIP_PARAM -> {
                if (!p.query.isEmpty()) {
                    String[] victim = p.query.get(r.nextInt(p.query.size()));
                    victim[1] = flip(victim[1], r);
                }
            }
            case RENAME_PARAM -> {
                if (!p.query.isEmpty()) {
                    p.query.get(r.nextInt(p.query.size()))[0] = "x" + TestAppsAlnum.lower(r, 5);
                }
            }
            case FLIP_ENCRYPT -> p.encrypt = flip(p.encrypt, r);
            case TRUNCATE_ENCRYPT -> p.encrypt = p.encrypt.substring(0, r.nextInt(p.encrypt.length()));
            case APPEND_ENCRYPT -> {
                StringBuilder b = new StringBuilder(p.encrypt);
                for (int i = 1 + r.nextInt(24); i > 0; i--) {
                    b.append(B64.charAt(r.nextInt(B64.length())));
                }
                p.encrypt = b.toString();
            }
            case BREAK_BODY -> {
                byte[] body = p.render().bodyBytes();
                p.rawBody = java.util.Arrays.copyOf(body, r.nextInt(body.length));
            }
            case GARBAGE_BEFORE_BODY -> {
                byte[] body = p.render().bodyBytes();
                byte[] out = new byte[body.length + 1];
                out[0] = (byte) ('a' + r.nextInt(26));
                System.arraycopy(body, 0, out, 1, body.length);
                p.rawBody = out;
            }
            case RANDOM_BODY -> {
                byte[] out = new byte[r.nextInt(200)];
                r.nextBytes(out);
                if (out.length > 0 && (out[0] == '{' || out[0] == ' ')) {
                    out[0] = 'x';
                }
                p.rawBody = out;
            }
            case WRONG_CONTENT_TYPE -> p.contentType = List.of("text/plain", "application/xml", "application/json; charset=latin1",
                    "multipart/form-data", "applicationjson").get(r.nextInt(5));
            case WRONG_APP -> p.app = List.of("second", "nosuchapp", "off", "fenced", "MAIN").get(r.nextInt(5));
            case EXTRA_FIELD -> p.extra += ",\"x" + r.nextInt(1000) + "\":" + r.nextInt();
            case NONE -> {
            }
        }
    }

    private static void mutate(RobotCall c, RobotMutation m, Random r) {
        switch (m) {
            case DROP_TIMESTAMP -> c.timestamps.clear();
            case DROP_SIGN -> c.signs.clear();
            case DUPLICATE_TIMESTAMP -> c.timestamps.add(c.timestamps.isEmpty() ? "1" : c.timestamps.get(0));
            case DUPLICATE_SIGN -> c.signs.add(c.signs.isEmpty() ? "x" : c.signs.get(0));
            case FLIP_SIGN -> c.signs.replaceAll(s -> s.length() > 42 ? flipAt(s, r.nextInt(42)) : flip(s, r));
            case SHIFT_TIMESTAMP -> c.timestamps.replaceAll(t -> {
                long shift = 1 + r.nextInt(5000);
                return t.matches("\\d+") ? Long.toString(Long.parseLong(t) + (r.nextBoolean() ? shift : -shift)) : t + "1";
            });
            case FAR_TIMESTAMP -> {
                long far = System.currentTimeMillis() + (r.nextBoolean() ? 1 : -1) * (3_600_001L + r.nextInt(7_200_000));
                Callbacks.RobotSignature s = Callbacks.robotSignature(TestApps.MAIN.appSecret(), far);
                c.timestamps.replaceAll(t -> s.timestamp());
                c.signs.replaceAll(x -> s.sign());
                if (c.timestamps.isEmpty() && c.signs.isEmpty()) {
                    c.timestamps.add(s.timestamp());
                    c.signs.add(s.sign());
                }
            }
            case GARBAGE_TIMESTAMP -> c.timestamps.replaceAll(t -> List.of("", "abc", "-1", "1e12", t + "x", t + ".0").get(r.nextInt(6)));
            case BREAK_BODY -> c.body = java.util.Arrays.copyOf(c.body, r.nextInt(Math.max(1, c.body.length)));
            case GARBAGE_BEFORE_BODY -> {
                byte[] out = new byte[c.body.length + 1];
                out[0] = (byte) ('a' + r.nextInt(26));
                System.arraycopy(c.body, 0, out, 1, c.body.length);
                c.body = out;
            }
            case RANDOM_BODY -> {
                byte[] out = new byte[1 + r.nextInt(200)];
                r.nextBytes(out);
                if (out[0] == '{' || out[0] == ' ' || out[0] == '\t' || out[0] == '\n' || out[0] == '\r') {
                    out[0] = 'x';
                }
                c.body = out;
            }
            case EMPTY_BODY -> c.body = new byte[0];
            case WRONG_CONTENT_TYPE -> c.contentType = r.nextBoolean() ? null : "text/plain";
            case WRONG_APP -> c.app = List.of("second", "nosuchapp", "off", "fenced", "eventsonly").get(r.nextInt(5));
            case NONE -> {
            }
        }
    }

    /** One character replaced by a different one (the result always differs from the input). */
    static String flip(String s, Random r) {
        if (s.isEmpty()) {
            return "x";
        }
        return flipAt(s, r.nextInt(s.length()));
    }

    static String flipAt(String s, int at) {
        return BadInputTest.flip(s, at);
    }

    /** Lower-case letters for made-up parameter names. */
    static final class TestAppsAlnum {
        static String lower(Random r, int n) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < n; i++) {
                b.append((char) ('a' + r.nextInt(26)));
            }
            return b.toString();
        }
    }
}
