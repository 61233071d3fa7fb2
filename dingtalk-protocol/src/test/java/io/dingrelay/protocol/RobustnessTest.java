package io.dingrelay.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.dingrelay.protocol.answer.AnswerClassifier;
import io.dingrelay.protocol.answer.Classification;
import io.dingrelay.protocol.answer.DingTalkErrcode;
import io.dingrelay.protocol.callback.CallbackCrypto;
import io.dingrelay.protocol.callback.CallbackEvent;
import io.dingrelay.protocol.callback.CallbackQuery;
import io.dingrelay.protocol.callback.CallbackSignature;
import io.dingrelay.protocol.callback.EncryptedMessage;
import io.dingrelay.protocol.message.BodySize;
import io.dingrelay.protocol.message.KeywordCheck;
import io.dingrelay.protocol.message.MessageCodec;
import io.dingrelay.protocol.message.OpenApiTemplate;
import io.dingrelay.protocol.message.RobotMessage;
import io.dingrelay.protocol.robot.IncomingRobotMessage;
import io.dingrelay.protocol.signature.HmacSigner;
import io.dingrelay.protocol.signature.RobotCallbackVerifier;
import io.dingrelay.protocol.signature.WebhookSigner;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * Thousands of random, truncated and mutated inputs through every entry point: only
 * {@link DingTalkProtocolException} subclasses may escape (the classifier: nothing at all), and no
 * error message may contain the secrets in play. Each case runs with its own seed, printed on failure;
 * re-run one with {@code -Ddingrelay.fuzz.seed=<seed>}.
 */
class RobustnessTest {

    private static final long BASE_SEED = Long.getLong("dingrelay.fuzz.seed", 20260822L);
    private static final int CASES = Integer.getInteger("dingrelay.fuzz.cases", 3000);

    private static final String TOKEN = "tok3nS3cr3tValue";
    private static final String AES_KEY = "4g5j64qlyl3zvetqxz5jiocdr586fn2zvjpa8zls3ij";
    private static final String OWNER = "ownerKeyXYZ0001";
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(1_700_000_000_000L), ZoneOffset.UTC);
    private static final CallbackCrypto CRYPTO = new CallbackCrypto(TOKEN, AES_KEY, OWNER, new SplittableRandom(1), CLOCK);

    /** Valid documents of every kind, the starting points for mutation. */
    private static final List<String> CORPUS = List.of(
            "{\"encrypt\":\"1a3NBxmCFwkCJvfoQ7WhJHB+iX3qHPsc9JbaDznE1i03peOk1LaOQoRz3+nlyGNhwmwJ3vDMG+OzrHMeiZI7gTRWVdUBmfxjZ8Ej23JVYa9VrYeJ5as7XM/ZpulX8NEQis44w53h1qAgnC3PRzM7Zc/D6Ibr0rgUathB6zRHP8PYrfgnNOS9PhSBdHlegK+AGGanfwjXuQ9+0pZcy0w9lQ==\"}",
            "{\"EventType\":\"chat_add_member\",\"EventTime\":1663143335567,\"CorpId\":\"ding9f\",\"eventId\":\"c7c7\",\"userId\":[\"user456\"],\"openConversationId\":\"iis6\"}",
            "{\"conversationId\":\"xxx\",\"atUsers\":[{\"dingtalkId\":\"xxx\",\"staffId\":\"xxx\"}],\"msgId\":\"m\",\"createAt\":1613630252678,"
                    + "\"conversationType\":\"2\",\"isInAtList\":true,\"sessionWebhookExpiredTime\":\"1613635652738\",\"text\":{\"content\":\" 你好\"},\"msgtype\":\"text\"}",
            "{\"errorCode\":20001,\"errorMessage\":\"quota\"}",
            "{\"msgtype\":\"text\",\"text\":{\"content\":\"钉钉😀\"},\"at\":{\"atMobiles\":[\"150\"],\"atUserIds\":[\"u1\"],\"isAtAll\":false},\"msgUuid\":\"x\"}",
            "{\"msgtype\":\"markdown\",\"markdown\":{\"title\":\"t\",\"text\":\"#### x\"},\"at\":{\"isAtAll\":true}}",
            "{\"msgtype\":\"link\",\"link\":{\"title\":\"t\",\"text\":\"x\",\"messageUrl\":\"https://a/\",\"picUrl\":\"https://p/\"}}",
            "{\"msgtype\":\"actionCard\",\"actionCard\":{\"title\":\"t\",\"text\":\"x\",\"singleTitle\":\"s\",\"singleURL\":\"https://s/\",\"btnOrientation\":\"0\",\"hideAvatar\":\"1\"}}",
            "{\"msgtype\":\"actionCard\",\"actionCard\":{\"title\":\"t\",\"text\":\"x\",\"btns\":[{\"title\":\"a\",\"actionURL\":\"https://a/\"},{\"title\":\"b\",\"actionURL\":\"https://b/\"}]}}",
            "{\"msgtype\":\"feedCard\",\"feedCard\":{\"links\":[{\"title\":\"a\",\"messageURL\":\"https://a/\",\"picURL\":\"https://p/\"}]}}",
            "{\"msgtype\":\"empty\"}",
            "{\"errcode\":0,\"errmsg\":\"ok\"}",
            "{\"errcode\":\"310000\",\"errmsg\":\"ip 1.2.3.4 not in whitelist\"}",
            "{\"code\":\"Forbidden.AccessDenied.QpsLimitForAppkeyAndApi\",\"message\":\"m\",\"requestid\":\"r\"}",
            "{\"status\":1111,\"wait\":5,\"source\":\"x5\",\"punish\":\"deny\",\"uuid\":\"xxx\"}",
            "<html><body>denied</body></html>",
            "{\"msg_signature\":\"a2de205286e9ef854af4de7e86f59f4a399bc5dd\",\"timeStamp\":\"1445827045067\",\"nonce\":\"nEXhMP4r\","
                    + "\"encrypt\":\"GIQAUIiE4b1zZDcx5Z0QJnTA0sYRn4Bh0gspMCpSzMOLMWSUoyYSRsggXuoDGEvgPqzw7tHd4M0CdiQiaPQb8Q==\"}");

    private static final String[] FRAGMENTS = {"{", "}", "[", "]", "\"", ":", ",", "\\", "\\u", "\\ud800", "\\udc00", "null", "true", "0",
            "-1", "1e999", "99999999999999999999", "\"\"", "{}", "[]", "\u0000", "\uD800", "\uDC00", "😀", "钉", "\n", " ", "msgtype", "text",
            "\"msgtype\":\"text\"", "\"content\"", "\"at\":{\"atUserIds\":[", "\"errcode\":", "\"EventType\":", "=", "%3D", "+", "/"};

    private final AnswerClassifier classifier = new AnswerClassifier();

    // ---------------------------------------------------------------- generators

    private static String randomString(SplittableRandom r, int max) {
        int n = r.nextInt(max + 1);
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            switch (r.nextInt(6)) {
                case 0 -> sb.append((char) r.nextInt(0x20, 0x7F));
                case 1 -> sb.append((char) r.nextInt(0, 0x20));
                case 2 -> sb.append((char) r.nextInt(0x4E00, 0x9FA5));
                case 3 -> sb.append((char) r.nextInt(0xD800, 0xE000)); // lone surrogates
                case 4 -> sb.append(FRAGMENTS[r.nextInt(FRAGMENTS.length)]);
                default -> sb.appendCodePoint(r.nextInt(0x1F600, 0x1F650));
            }
        }
        return sb.toString();
    }

    /** A corpus document mutated: truncated, spliced, with fragments inserted or characters flipped. */
    private static String mutated(SplittableRandom r) {
        StringBuilder sb = new StringBuilder(CORPUS.get(r.nextInt(CORPUS.size())));
        int edits = r.nextInt(1, 5);
        for (int e = 0; e < edits && sb.length() > 0; e++) {
            int at = r.nextInt(sb.length());
            switch (r.nextInt(6)) {
                case 0 -> sb.setLength(at);
                case 1 -> sb.insert(at, FRAGMENTS[r.nextInt(FRAGMENTS.length)]);
                case 2 -> sb.delete(at, Math.min(sb.length(), at + r.nextInt(1, 20)));
                case 3 -> sb.setCharAt(at, (char) (sb.charAt(at) ^ (1 << r.nextInt(8))));
                case 4 -> sb.insert(at, CORPUS.get(r.nextInt(CORPUS.size())));
                default -> sb.replace(at, Math.min(sb.length(), at + r.nextInt(1, 10)), randomString(r, 5));
            }
        }
        return sb.toString();
    }

    private static String anyInput(SplittableRandom r) {
        return switch (r.nextInt(10)) {
            case 0 -> null;
            case 1, 2 -> randomString(r, 60);
            case 3 -> CORPUS.get(r.nextInt(CORPUS.size()));
            case 4, 5, 6 -> treeMutated(r);
            default -> mutated(r);
        };
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER = new com.fasterxml.jackson.databind.ObjectMapper();

    /**
     * A corpus document that stays valid JSON but has values of the wrong type, missing or extra
     * members, or emptied strings and arrays, so the typed checks behind the syntax check are reached.
     */
    private static String treeMutated(SplittableRandom r) {
        String doc = CORPUS.get(r.nextInt(CORPUS.size()));
        try {
            com.fasterxml.jackson.databind.JsonNode root = MAPPER.readTree(doc);
            for (int e = r.nextInt(1, 4); e > 0; e--) {
                List<com.fasterxml.jackson.databind.JsonNode> containers = new ArrayList<>();
                collectContainers(root, containers);
                com.fasterxml.jackson.databind.JsonNode target = containers.get(r.nextInt(containers.size()));
                if (target instanceof com.fasterxml.jackson.databind.node.ObjectNode o && o.size() > 0) {
                    List<String> names = new ArrayList<>();
                    o.fieldNames().forEachRemaining(names::add);
                    String name = names.get(r.nextInt(names.size()));
                    if (r.nextInt(4) == 0) {
                        o.remove(name);
                    } else {
                        o.set(name, randomValue(r));
                    }
                } else if (target instanceof com.fasterxml.jackson.databind.node.ArrayNode a) {
                    if (a.size() > 0 && r.nextBoolean()) {
                        a.set(r.nextInt(a.size()), randomValue(r));
                    } else {
                        for (int i = r.nextInt(60); i > 0; i--) {
                            a.add(randomValue(r));
                        }
                    }
                }
            }
            return MAPPER.writeValueAsString(root);
        } catch (Exception e) {
            return doc; // the HTML entry of the corpus is not JSON
        }
    }

    private static void collectContainers(com.fasterxml.jackson.databind.JsonNode n, List<com.fasterxml.jackson.databind.JsonNode> out) {
        if (n.isContainerNode()) {
            out.add(n);
            n.elements().forEachRemaining(c -> collectContainers(c, out));
        }
    }

    private static com.fasterxml.jackson.databind.JsonNode randomValue(SplittableRandom r) {
        var f = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;
        return switch (r.nextInt(9)) {
            case 0 -> f.nullNode();
            case 1 -> f.booleanNode(r.nextBoolean());
            case 2 -> f.numberNode(r.nextLong());
            case 3 -> f.numberNode(r.nextDouble() * 1e6);
            case 4 -> f.textNode("");
            case 5 -> f.textNode(Long.toString(r.nextLong(0, Long.MAX_VALUE)));
            case 6 -> f.arrayNode().add(randomString(r, 5));
            case 7 -> f.objectNode().put("content", randomString(r, 5));
            default -> f.textNode(randomString(r, 12));
        };
    }

    private static byte[] anyBytes(SplittableRandom r) {
        if (r.nextInt(4) == 0) {
            byte[] b = new byte[r.nextInt(200)];
            r.nextBytes(b);
            return b;
        }
        String s = anyInput(r);
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    /** A ciphertext that passes the signature check: random, a mutated real one, or a crafted layout. */
    private static String signedCiphertext(SplittableRandom r) throws Exception {
        byte[] plain;
        switch (r.nextInt(3)) {
            case 0 -> {
                byte[] ct = Base64.getDecoder().decode(CRYPTO.encrypt(randomString(r, 40).replace('\uD800', 'x').replaceAll("[\\uD800-\\uDFFF]", "x"), "1", "n").encrypt());
                ct = mutateBytes(r, ct);
                return Base64.getEncoder().encodeToString(ct);
            }
            case 1 -> {
                plain = new byte[16 * r.nextInt(0, 12)];
                r.nextBytes(plain);
            }
            default -> {
                byte[] msg = new byte[r.nextInt(40)];
                r.nextBytes(msg);
                int declared = r.nextBoolean() ? msg.length : r.nextInt();
                byte[] owner = r.nextBoolean() ? OWNER.getBytes(StandardCharsets.UTF_8) : randomString(r, 5).getBytes(StandardCharsets.UTF_8);
                int unpadded = 20 + msg.length + owner.length;
                int pad = r.nextInt(4) == 0 ? r.nextInt(0, 40) : 32 - unpadded % 32;
                ByteBuffer b = ByteBuffer.allocate(((unpadded + Math.max(pad, 1)) + 15) / 16 * 16);
                b.put(new byte[16]).putInt(declared).put(msg).put(owner);
                while (b.hasRemaining()) {
                    b.put((byte) pad);
                }
                plain = b.array();
            }
        }
        return plain.length == 0 ? "" : Base64.getEncoder().encodeToString(rawAes(plain));
    }

    private static byte[] mutateBytes(SplittableRandom r, byte[] ct) {
        return switch (r.nextInt(4)) {
            case 0 -> Arrays.copyOf(ct, r.nextInt(ct.length + 1));
            case 1 -> Arrays.copyOf(ct, ct.length + 16 * r.nextInt(1, 3));
            case 2 -> {
                byte[] t = ct.clone();
                t[r.nextInt(t.length)] ^= (byte) (1 << r.nextInt(8));
                yield t;
            }
            default -> ct;
        };
    }

    private static byte[] rawAes(byte[] plain) throws Exception {
        byte[] key = Base64.getDecoder().decode(AES_KEY + "=");
        Cipher c = Cipher.getInstance("AES/CBC/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(key, 0, 16));
        return c.doFinal(plain);
    }

    // ---------------------------------------------------------------- harness

    private interface Call {
        void run() throws Exception;
    }

    /** Runs one case; only our exceptions may escape, and their messages must not leak secrets. */
    private static void expectOnlyProtocolErrors(long seed, String entryPoint, Object input, Call call) {
        try {
            call.run();
        } catch (DingTalkProtocolException e) {
            assertThat(e.field()).as("seed %d %s: field", seed, entryPoint).isNotNull();
            assertThat(e.getMessage()).as("seed %d %s: message", seed, entryPoint).isNotNull().doesNotContain(TOKEN, AES_KEY);
        } catch (Throwable t) {
            fail("seed " + seed + ": " + entryPoint + " threw " + t + " for input " + describe(input), t);
        }
    }

    private static String describe(Object input) {
        String s = input instanceof byte[] b ? Arrays.toString(Arrays.copyOf(b, Math.min(b.length, 200))) : String.valueOf(input);
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }

    private void forEachSeed(String what, java.util.function.BiConsumer<Long, SplittableRandom> body) {
        for (int i = 0; i < CASES; i++) {
            long seed = BASE_SEED + i * 7919L + what.hashCode();
            body.accept(seed, new SplittableRandom(seed));
        }
    }

    // ---------------------------------------------------------------- entry points

    @Test
    void jsonParsersOnlyThrowTypedErrors() {
        forEachSeed("parsers", (seed, r) -> {
            String s = anyInput(r);
            expectOnlyProtocolErrors(seed, "CallbackEvent.parse", s, () -> CallbackEvent.parse(s));
            expectOnlyProtocolErrors(seed, "IncomingRobotMessage.parse", s, () -> IncomingRobotMessage.parse(s));
            expectOnlyProtocolErrors(seed, "EncryptedMessage.parse", s, () -> EncryptedMessage.parse(s));
            expectOnlyProtocolErrors(seed, "BodySize.checkMsgParam", s, () -> BodySize.checkMsgParam(s));
            OpenApiTemplate t = OpenApiTemplate.values()[r.nextInt(OpenApiTemplate.values().length)];
            expectOnlyProtocolErrors(seed, "OpenApiTemplate.validate", s, () -> t.validate(s));
        });
    }

    @Test
    void messageCodecOnlyThrowsTypedErrorsAndWhatItAcceptsRoundTrips() {
        forEachSeed("codec", (seed, r) -> {
            String s = anyInput(r);
            expectOnlyProtocolErrors(seed, "MessageCodec.parse(String)", s, () -> {
                RobotMessage m = MessageCodec.parse(s);
                // Whatever the strict parser accepts must be writable and read back unchanged.
                assertThat(MessageCodec.parse(MessageCodec.toJsonBytes(m))).as("seed %d round trip", seed).isEqualTo(m);
                BodySize.measure(m);
                KeywordCheck.containsAny(m, List.of("日报"));
            });
            byte[] b = anyBytes(r);
            expectOnlyProtocolErrors(seed, "MessageCodec.parse(byte[])", b, () -> MessageCodec.parse(b));
            expectOnlyProtocolErrors(seed, "MessageCodec.parseWebhookBody", b, () -> MessageCodec.parseWebhookBody(b));
            expectOnlyProtocolErrors(seed, "BodySize.check", b, () -> BodySize.check(b));
        });
    }

    @Test
    void callbackCryptoOnlyThrowsTypedErrors() {
        forEachSeed("crypto", (seed, r) -> {
            String sig = anyInput(r);
            String ts = r.nextBoolean() ? "1445827045067" : anyInput(r);
            String nonce = r.nextBoolean() ? "nEXhMP4r" : anyInput(r);
            String enc = anyInput(r);
            CallbackQuery q = r.nextInt(10) == 0 ? null : new CallbackQuery(sig, ts, nonce);
            expectOnlyProtocolErrors(seed, "decrypt", enc, () -> CRYPTO.decrypt(q, enc));
            expectOnlyProtocolErrors(seed, "decryptBody", enc, () -> CRYPTO.decryptBody(q, enc));
            expectOnlyProtocolErrors(seed, "decryptReply", enc, () -> CRYPTO.decryptReply(enc));
            expectOnlyProtocolErrors(seed, "encrypt", sig, () -> {
                EncryptedMessage m = CRYPTO.encrypt(sig, ts, nonce);
                assertThat(CRYPTO.decryptReply(m.toJson())).as("seed %d", seed).isEqualTo(sig);
            });
            expectOnlyProtocolErrors(seed, "signed ciphertext", null, () -> {
                String c = signedCiphertext(r);
                String signature = CallbackSignature.compute(TOKEN, "1", "n", c);
                CRYPTO.decrypt(new CallbackQuery(signature, "1", "n"), c);
            });
        });
    }

    @Test
    void callbackConfigurationAndQueryOnlyThrowTypedErrors() {
        List<String> names = List.of("signature", "msg_signature", "timestamp", "timeStamp", "nonce", "Nonce", "x");
        forEachSeed("config", (seed, r) -> {
            String token = anyInput(r);
            String key = r.nextBoolean() ? randomString(r, 45) : AES_KEY.substring(0, r.nextInt(44));
            String owner = anyInput(r);
            expectOnlyProtocolErrors(seed, "new CallbackCrypto", key, () -> new CallbackCrypto(token, key, owner).successReply());
            Map<String, List<String>> params = r.nextInt(20) == 0 ? null : new HashMap<>();
            if (params != null) {
                for (int i = r.nextInt(6); i > 0; i--) {
                    List<String> values = r.nextInt(5) == 0 ? null : new ArrayList<>();
                    for (int j = values == null ? 0 : r.nextInt(3); j > 0; j--) {
                        values.add(r.nextInt(4) == 0 ? null : anyInput(r));
                    }
                    params.put(names.get(r.nextInt(names.size())), values);
                }
            }
            expectOnlyProtocolErrors(seed, "CallbackQuery.from", params, () -> CRYPTO.decrypt(CallbackQuery.from(params), "x").length());
            Supplier<byte[]> prefix = () -> new byte[r.nextInt(14, 18)];
            expectOnlyProtocolErrors(seed, "custom prefix", null,
                    () -> new CallbackCrypto(TOKEN, AES_KEY, OWNER, prefix, new SplittableRandom(seed), CLOCK).successReply());
        });
    }

    @Test
    void signaturesOnlyThrowTypedErrors() {
        RobotCallbackVerifier verifier = new RobotCallbackVerifier(CLOCK);
        forEachSeed("signatures", (seed, r) -> {
            String secret = r.nextBoolean() ? "SECabc" : anyInput(r);
            String ts = switch (r.nextInt(4)) {
                case 0 -> Long.toString(CLOCK.millis() + r.nextLong(-7_200_000L, 7_200_000L));
                case 1 -> Long.toString(r.nextLong());
                default -> anyInput(r);
            };
            String sign = r.nextBoolean() && secret != null && !secret.isEmpty() && ts != null && !ts.isEmpty()
                    ? HmacSigner.sign(secret, ts) : anyInput(r);
            expectOnlyProtocolErrors(seed, "RobotCallbackVerifier.verify", ts, () -> verifier.verify(secret, ts, sign));
            expectOnlyProtocolErrors(seed, "WebhookSigner.verify", ts, () -> WebhookSigner.verify(secret, ts, sign, CLOCK));
            expectOnlyProtocolErrors(seed, "RobotCallbackVerifier.sign", secret, () -> verifier.sign(secret, r.nextLong()));
            String url = switch (r.nextInt(3)) {
                case 0 -> "https://oapi.dingtalk.com/robot/send?access_token=" + randomString(r, 10);
                case 1 -> "https://oapi.dingtalk.com/robot/send?" + randomString(r, 30);
                default -> anyInput(r);
            };
            expectOnlyProtocolErrors(seed, "WebhookSigner.signUrl", url, () -> WebhookSigner.signUrl(url, secret, r.nextLong()));
        });
    }

    @Test
    void classifierNeverThrowsAndAlwaysAnswersCompletely() {
        forEachSeed("classifier", (seed, r) -> {
            int status = switch (r.nextInt(4)) {
                case 0 -> 200;
                case 1 -> r.nextInt(100, 600);
                default -> r.nextInt();
            };
            String contentType = r.nextBoolean() ? "application/json" : anyInput(r);
            String body = r.nextInt(8) == 0 ? DingTalkErrcode.values()[r.nextInt(DingTalkErrcode.values().length)].body(anyInput(r)) : anyInput(r);
            Classification c;
            try {
                c = classifier.classify(status, contentType, body);
            } catch (Throwable t) {
                throw new AssertionError("seed " + seed + ": classify threw for " + describe(body), t);
            }
            assertThat(c.outcome()).as("seed %d", seed).isNotNull();
            assertThat(c.scope()).as("seed %d", seed).isNotNull();
            assertThat(c.code()).as("seed %d", seed).isNotNull();
            assertThat(c.suggestedBackoff()).as("seed %d", seed).isNotNull();
            assertThat(c.message() == null || c.message().length() <= AnswerClassifier.MAX_MESSAGE_CHARS).as("seed %d", seed).isTrue();

            Throwable failure = switch (r.nextInt(4)) {
                case 0 -> null;
                case 1 -> new RuntimeException(anyInput(r));
                case 2 -> new java.io.IOException(anyInput(r), new RuntimeException());
                default -> new IllegalStateException(anyInput(r), new java.net.SocketTimeoutException());
            };
            try {
                assertThat(classifier.classifyFailure(failure).outcome()).isNotNull();
                DingTalkErrcode.byErrcode(r.nextInt(), anyInput(r));
                DingTalkErrcode.byCode(anyInput(r));
            } catch (Throwable t) {
                throw new AssertionError("seed " + seed + ": classifyFailure/lookup threw", t);
            }
        });
    }
}
