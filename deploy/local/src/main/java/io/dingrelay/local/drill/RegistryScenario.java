package io.dingrelay.local.drill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dingrelay.events.EventJson;
import io.dingrelay.local.LocalSecrets;
import io.dingrelay.protocol.callback.CallbackCrypto;
import io.dingrelay.protocol.callback.EncryptedMessage;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Scenario 3, registry under fire: the lifecycle of many groups (cool app installed, uninstalled, installed again,
 * the group disbanded) as DingTalk's event pushes, every event sent twice (once to each gateway instance, whose
 * de-duplication is per instance, so the registry really gets both) and all of them shuffled, so most arrive out of
 * order; the registry is SIGKILLed half-way and restarted. Afterwards each group's state in the registry must be
 * the one computed from its events: the status of its latest event (installed: ACTIVE, uninstalled or disbanded:
 * REMOVED) and that event's time, and one row per group.
 */
final class RegistryScenario {

    static final String NAME = "3 registry under fire";

    private record Event(int group, String type, String id, long time) {
    }

    private final DrillContext ctx;

    RegistryScenario(DrillContext ctx) {
        this.ctx = ctx;
    }

    ScenarioResult run() {
        int groups = ctx.scale.registryGroups();
        Random random = new Random(groups * 31L + ctx.runId.hashCode());
        long base = System.currentTimeMillis() - Duration.ofHours(1).toMillis();
        List<Event> events = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            int k = 1 + random.nextInt(4);
            for (int j = 0; j < k; j++) {
                String type = j % 2 == 0 ? "im_cool_app_install" : (j == k - 1 && random.nextInt(3) == 0 ? "chat_disband" : "im_cool_app_uninstall");
                events.add(new Event(g, type, ctx.runId + "-rg-" + g + "-" + j, base + g * 10L + j * 60_000L));
            }
        }
        // Each event twice, the copies to different gateway instances, everything shuffled.
        List<int[]> sends = new ArrayList<>();
        for (int e = 0; e < events.size(); e++) {
            sends.add(new int[] {e, 0});
            sends.add(new int[] {e, 1});
        }
        Collections.shuffle(sends, random);

        LocalSecrets s = ctx.secrets;
        ThreadLocal<CallbackCrypto> crypto = ThreadLocal.withInitial(() -> new CallbackCrypto(s.token(), s.aesKey(), s.ownerKey()));
        String[] urls = {ctx.stack.url("callback-gateway"), ctx.stack.process("callback-gateway-2").url()};
        AtomicIntegerArray accepted = new AtomicIntegerArray(events.size());
        AtomicIntegerArray status = new AtomicIntegerArray(sends.size());
        int half = sends.size() / 2;
        // First half, SIGKILL of the registry, second half while it restarts: its consumer resumes from its last commit.
        ctx.http.run(half, 32, i -> eventRequest(events.get(sends.get(i)[0]), urls[sends.get(i)[1]], crypto.get()),
                (i, a) -> record(a, i, sends, accepted, status));
        ctx.stack.kill("robot-registry");
        ctx.log("registry: SIGKILLed after %d of %d event deliveries", half, sends.size());
        Thread restart = new Thread(() -> ctx.stack.restart("robot-registry"), "drill-registry-restart");
        restart.start();
        ctx.http.run(sends.size() - half, 32, i -> eventRequest(events.get(sends.get(half + i)[0]), urls[sends.get(half + i)[1]], crypto.get()),
                (i, a) -> record(a, half + i, sends, accepted, status));
        try {
            restart.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }

        // Expected: per group, the latest event among those the gateway accepted.
        Map<String, Event> latest = new HashMap<>();
        for (int e = 0; e < events.size(); e++) {
            if (accepted.get(e) > 0) {
                Event ev = events.get(e);
                latest.merge(conversation(ev.group()), ev, (a, b) -> a.time() >= b.time() ? a : b);
            }
        }
        long answered200 = 0;
        Map<Integer, Integer> other = new HashMap<>();
        for (int i = 0; i < sends.size(); i++) {
            if (status.get(i) == 200) {
                answered200++;
            } else {
                other.merge(status.get(i), 1, Integer::sum);
            }
        }

        // The registry applies them asynchronously: read its state until it matches or the deadline passes.
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        List<String> mismatches;
        int[] rows;
        while (true) {
            rows = new int[1];
            mismatches = compare(latest, rows);
            if (mismatches.isEmpty() || Instant.now().isAfter(deadline)) {
                break;
            }
            TopicCensus.pause(Duration.ofSeconds(2));
        }
        List<String> problems = new ArrayList<>();
        if (!other.isEmpty()) {
            problems.add("event deliveries not answered 200 (status: count; 0 = no answer): " + other);
        }
        long wrong = mismatches.stream().filter(m -> !m.startsWith("duplicate")).count();
        long duplicateRows = mismatches.size() - wrong;
        mismatches.stream().limit(10).forEach(m -> problems.add("state differs from the events: " + m));
        List<String> notes = List.of(String.format("%,d groups, %,d events (install/uninstall/reinstall/disband), each sent twice "
                + "(once per gateway instance) in random order = %,d deliveries; robot-registry SIGKILLed after %,d and restarted",
                groups, events.size(), sends.size(), half));
        return new ScenarioResult(NAME, String.format("%,d lifecycle events ×2, shuffled; registry SIGKILL + restart", events.size()),
                answered200, latest.size() - wrong, wrong, duplicateRows, -1, other.keySet().stream().filter(c -> c >= 500).count(),
                problems, notes);
    }

    private static void record(DrillHttp.Answer a, int i, List<int[]> sends, AtomicIntegerArray accepted, AtomicIntegerArray status) {
        status.set(i, a.status());
        if (a.status() == 200) {
            accepted.incrementAndGet(sends.get(i)[0]);
        }
    }

    /** Differences between the registry's groups of this scenario and the expected latest events. */
    private List<String> compare(Map<String, Event> latest, int[] rows) {
        String registry = ctx.stack.url("robot-registry");
        Map<String, JsonNode> seen = new HashMap<>();
        List<String> out = new ArrayList<>();
        String after = null;
        String prefix = conversationPrefix();
        do {
            DrillHttp.Answer a = ctx.admin("GET", registry + "/api/groups?kind=COOL_APP&limit=1000" + (after == null ? "" : "&after=" + after), null);
            DrillHttp.Answer b = a;
            if (a.status() != 200) {
                return List.of("the registry answered " + a.status() + " to the group list");
            }
            JsonNode page = DrillContext.json(b.body());
            for (JsonNode g : page.path("items")) {
                String cid = g.path("openConversationId").asText("");
                if (cid.startsWith(prefix)) {
                    rows[0]++;
                    if (seen.put(cid, g) != null) {
                        out.add("duplicate row for " + cid);
                    }
                }
            }
            after = page.path("next").isNull() || page.path("next").isMissingNode() ? null : page.path("next").asText();
        } while (after != null);
        // Tombstones of a disband seen first are ENTERPRISE_ROBOT rows: read those too.
        after = null;
        do {
            DrillHttp.Answer a = ctx.admin("GET", registry + "/api/groups?kind=ENTERPRISE_ROBOT&limit=1000" + (after == null ? "" : "&after=" + after), null);
            if (a.status() != 200) {
                return List.of("the registry answered " + a.status() + " to the group list");
            }
            JsonNode page = DrillContext.json(a.body());
            for (JsonNode g : page.path("items")) {
                String cid = g.path("openConversationId").asText("");
                if (cid.startsWith(prefix)) {
                    rows[0]++;
                    if (seen.put(cid, g) != null) {
                        out.add("duplicate row for " + cid);
                    }
                }
            }
            after = page.path("next").isNull() || page.path("next").isMissingNode() ? null : page.path("next").asText();
        } while (after != null);
        for (Map.Entry<String, Event> e : latest.entrySet()) {
            JsonNode g = seen.get(e.getKey());
            Event ev = e.getValue();
            String expected = ev.type().equals("im_cool_app_install") ? "ACTIVE" : "REMOVED";
            if (g == null) {
                out.add(e.getKey() + ": no row (expected " + expected + " from " + ev.type() + ")");
                continue;
            }
            String actual = g.path("status").asText();
            Instant lastEventAt = g.path("lastEventAt").isTextual() ? Instant.parse(g.path("lastEventAt").asText()) : null;
            if (!expected.equals(actual) || lastEventAt == null || lastEventAt.toEpochMilli() != ev.time()) {
                out.add(e.getKey() + ": " + actual + " at " + lastEventAt + ", expected " + expected + " at "
                        + Instant.ofEpochMilli(ev.time()) + " (" + ev.type() + ")");
            }
        }
        return out;
    }

    private String conversationPrefix() {
        return "cid" + ctx.runId + "r";
    }

    private String conversation(int group) {
        return conversationPrefix() + group;
    }

    private HttpRequest eventRequest(Event e, String gateway, CallbackCrypto crypto) {
        ObjectNode o = EventJson.mapper().createObjectNode();
        o.put("EventType", e.type());
        o.put("EventTime", e.time());
        o.put("CorpId", "dingdrillcorp");
        o.put("BizId", Long.toString(e.time()));
        o.put("eventId", e.id());
        String cid = conversation(e.group());
        if (e.type().startsWith("im_cool_app")) {
            o.put("coolAppCode", "COOLAPP-1-DRILL");
            o.put("robotCode", ctx.secrets.appKey());
            o.put("openConversationId", cid);
            o.put("openConversationCorpId", "dingdrillcorp");
            o.put("operator", "drill01");
            o.put("operateTime", Long.toString(e.time()));
        } else {
            o.put("timeStamp", e.time());
            o.put("chatId", "chat" + cid);
            o.put("corpId", "dingdrillcorp");
            o.put("openConversationId", cid);
            o.put("operator", "drill01");
        }
        String now = Long.toString(System.currentTimeMillis());
        EncryptedMessage m = crypto.encrypt(o.toString(), now, IngressScenario.nonce());
        return DrillHttp.request(gateway + "/dingtalk/apps/" + LocalSecrets.APP + "/events?signature=" + m.msgSignature()
                        + "&timestamp=" + m.timeStamp() + "&nonce=" + URLEncoder.encode(m.nonce(), StandardCharsets.UTF_8))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(m.toPushBody(), StandardCharsets.UTF_8))
                .build();
    }
}
