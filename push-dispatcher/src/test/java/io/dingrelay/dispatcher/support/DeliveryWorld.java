package io.dingrelay.dispatcher.support;

import io.dingrelay.events.registry.AudienceEntry;
import io.dingrelay.events.registry.GroupKind;
import io.dingrelay.events.ids.AppName;
import io.dingrelay.events.ids.ConversationId;
import io.dingrelay.events.ids.CorpId;
import io.dingrelay.events.ids.GroupId;
import io.dingrelay.events.ids.RobotCode;
import io.dingrelay.infra.Ports;
import io.dingrelay.keyring.KeyRing;
import io.dingrelay.keyring.Sealed;
import io.dingrelay.testkit.SimulatorApi;
import io.dingrelay.testkit.SimulatorProcess;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The world a push-dispatcher test runs in, besides Kafka and PostgreSQL (testkit): the packaged DingTalk simulator as
 * a child process and the {@link AudienceServer}. Groups are created in the simulator and registered in the audience
 * as the registry would (webhook credentials sealed with the test key ring).
 */
public class DeliveryWorld implements QuarkusTestResourceLifecycleManager {

    /** Base64 of 32 bytes: the test key ring's only key, {@code t1}. */
    public static final String KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

    /** The simulator's app {@code demo} (also the robot code of the OpenAPI groups). */
    public static final String APP_KEY = "dingclienttestkey";
    public static final String APP_SECRET = "client-test-app-secret-0123456789";

    public static SimulatorProcess simulator;
    /** The simulator's control API ({@code /sim/...}) and, as {@link SimulatorApi}'s base, DingTalk's. */
    public static SimulatorApi sim;
    public static String simUrl;
    public static AudienceServer audience;
    public static ChatBridgeServer chatBridge;
    public static final KeyRing RING = KeyRing.fromBase64(Map.of("t1", KEY), "t1");

    @Override
    public Map<String, String> start() {
        try {
            if (simulator == null) {
                startSimulator("384m", true, Map.of());
            }
            if (audience == null) {
                audience = new AudienceServer().start();
            }
            if (chatBridge == null) {
                chatBridge = new ChatBridgeServer().start();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return Map.of(
                "dingtalk.api-base-url", simUrl,
                "dingtalk.oapi-base-url", simUrl,
                "dingtalk.apps.demo.app-key", APP_KEY,
                "dingtalk.apps.demo.app-secret", APP_SECRET,
                "dingrelay.registry-url", audience.url(),
                "dingrelay.screenshot-url", audience.url(),
                "dingrelay.chat-bridge-url", chatBridge.url(),
                "dingrelay.admin-token", AudienceServer.TOKEN,
                "dingrelay.crypto.keys.t1", KEY);
    }

    @Override
    public void stop() {
        // Shared by every test class of the JVM; stopped with it.
    }

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (simulator != null) {
                simulator.close();
            }
            if (audience != null) {
                audience.close();
            }
            if (chatBridge != null) {
                chatBridge.close();
            }
        }));
    }

    /**
     * Starts testkit's simulator on {@code 127.0.0.1} (as the dispatcher's own URLs are) with the app {@code demo},
     * a heap of {@code xmx}, C1 only when {@code quickStart}, and the simulator settings {@code properties}.
     */
    public static SimulatorProcess startSimulator(String xmx, boolean quickStart, Map<String, String> properties) {
        int port = Ports.free();
        String url = "http://127.0.0.1:" + port;
        Map<String, String> props = new LinkedHashMap<>();
        props.put("simulator.public-url", url);
        props.put("dingtalk.apps.demo.app-key", APP_KEY);
        props.put("dingtalk.apps.demo.app-secret", APP_SECRET);
        props.put("dingtalk.apps.demo.token", "clienttesttoken");
        props.put("dingtalk.apps.demo.aes-key", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG");
        props.put("dingtalk.apps.demo.owner-key", APP_KEY);
        props.putAll(properties);
        List<String> jvm = new ArrayList<>(List.of("-XX:+UseSerialGC", "-Xmx" + xmx, "-XX:+ExitOnOutOfMemoryError"));
        if (quickStart) {
            jvm.add("-XX:TieredStopAtLevel=1");
        }
        simulator = SimulatorProcess.builder().port(port).jvmOptions(jvm).properties(props).start();
        simUrl = url;
        sim = new SimulatorApi(url);
        return simulator;
    }

    /** Creates {@code count} simulator groups (≤ 10,000) and registers them in the audience. */
    public static List<AudienceEntry> groups(int count, String prefix, GroupKind kind, String security, List<String> tags) {
        JsonObject created = new JsonObject(sim.post("/sim/groups/bulk",
                new JsonObject().put("count", count).put("namePrefix", prefix).put("security", security).encode()));
        JsonArray list = created.getJsonArray("groups");
        List<AudienceEntry> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            JsonObject g = list.getJsonObject(i);
            out.add(register(g, prefix + "-" + g.getString("id"), kind, tags));
        }
        return out;
    }

    /** Registers one simulator group (as returned by {@code /sim/groups}) under {@code groupId}. */
    public static AudienceEntry register(JsonObject g, String groupId, GroupKind kind, List<String> tags) {
        String title = g.getString("name", groupId);
        AudienceEntry e;
        if (kind == GroupKind.CUSTOM_WEBHOOK) {
            Sealed url = RING.encrypt(g.getString("webhook"));
            String secret = g.getString("secret");
            e = new AudienceEntry(GroupId.of(groupId), kind, title, tags, null,
                    new AudienceEntry.Webhook(url.keyId(), url.ciphertext(), secret == null ? null : RING.encrypt(secret).ciphertext()), null);
        } else {
            e = new AudienceEntry(GroupId.of(groupId), kind, title, tags, CorpId.of("dingsimcorp"), null,
                    new AudienceEntry.OpenApi(AppName.of("demo"), RobotCode.of(APP_KEY),
                            kind == GroupKind.COOL_APP ? "coolapp1" : null, ConversationId.of(g.getString("conversationId"))));
        }
        audience.put(e);
        return e;
    }

    /** The simulator group id behind one of our group ids ({@code <prefix>-<simId>}). */
    public static String simId(String groupId) {
        return groupId.substring(groupId.lastIndexOf('-') + 1);
    }
}
