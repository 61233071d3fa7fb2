package io.dingrelay.dispatcher.support;

import io.dingrelay.client.SimulatorProcess;
import io.dingrelay.events.registry.AudienceEntry;
import io.dingrelay.events.registry.GroupKind;
import io.dingrelay.events.ids.AppName;
import io.dingrelay.events.ids.ConversationId;
import io.dingrelay.events.ids.CorpId;
import io.dingrelay.events.ids.GroupId;
import io.dingrelay.events.ids.RobotCode;
import io.dingrelay.keyring.KeyRing;
import io.dingrelay.keyring.Sealed;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
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

    public static SimulatorProcess sim;
    public static AudienceServer audience;
    public static final KeyRing RING = KeyRing.fromBase64(Map.of("t1", KEY), "t1");

    @Override
    public Map<String, String> start() {
        try {
            if (sim == null) {
                sim = SimulatorProcess.start(List.of("-Xmx384m", "-XX:TieredStopAtLevel=1"));
            }
            if (audience == null) {
                audience = new AudienceServer().start();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return Map.of(
                "dingtalk.api-base-url", sim.baseUrl(),
                "dingtalk.oapi-base-url", sim.baseUrl(),
                "dingtalk.apps.demo.app-key", SimulatorProcess.APP_KEY,
                "dingtalk.apps.demo.app-secret", SimulatorProcess.APP_SECRET,
                "dingrelay.registry-url", audience.url(),
                "dingrelay.screenshot-url", audience.url(),
                "dingrelay.admin-token", AudienceServer.TOKEN,
                "dingrelay.crypto.keys.t1", KEY);
    }

    @Override
    public void stop() {
        // Shared by every test class of the JVM; stopped with it.
    }

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (sim != null) {
                sim.close();
            }
            if (audience != null) {
                audience.close();
            }
        }));
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
                    new AudienceEntry.OpenApi(AppName.of("demo"), RobotCode.of(SimulatorProcess.APP_KEY),
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
