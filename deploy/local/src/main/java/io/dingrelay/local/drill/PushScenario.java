package io.dingrelay.local.drill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dingrelay.events.EventJson;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Scenario 2, push under fire: a campaign to many simulator groups (registered in the registry, 10 % of them with
 * 加签) with DingTalk's limits on and 5 % 5xx and 1 % timeouts injected, while the dispatcher is SIGKILLed and
 * restarted, the broker is stopped and started, PostgreSQL restarts, and (scenario 3's second part) the registry is
 * restarted with a new active credential key and rotates every row under it. Afterwards every group must have
 * received the message exactly once (the simulator's record), the ledger must agree, and no robot or IP may have been
 * banned. The faults are injected for the first 30 s of the run, the dispatcher's first retry step: a delivery that
 * failed then is retried once the faults are off, so the drill needs no wait for the 5- and 15-minute steps.
 */
final class PushScenario {

    static final String NAME = "2 push under fire";
    static final String ROTATION = "3b key rotation during the push";
    static final Duration FAULT_WINDOW = Duration.ofSeconds(30);

    private final DrillContext ctx;
    /** Scenario 3b's row, filled in by {@link #run()}. */
    ScenarioResult rotation;

    PushScenario(DrillContext ctx) {
        this.ctx = ctx;
    }

    ScenarioResult run() {
        int n = ctx.scale.pushGroups();
        String tag = "drill-" + ctx.runId;
        String prefix = ctx.runId + "-push-";
        // 1. Groups in the simulator, registered in the registry with one import.
        List<JsonNode> groups = new ArrayList<>();
        int signed = n / 10;
        for (int made = 0; made < n; ) {
            int count = Math.min(10_000, made < signed ? signed - made : n - made);
            JsonNode created = ctx.sim("POST", "/sim/groups/bulk", "{\"count\":" + count + ",\"namePrefix\":\"" + prefix
                    + (made < signed ? "s" : "n") + made + "-\",\"security\":\"" + (made < signed ? "sign" : "none") + "\"}", 201);
            created.path("groups").forEach(groups::add);
            made += count;
        }
        StringBuilder ndjson = new StringBuilder();
        for (JsonNode g : groups) {
            ObjectNode line = EventJson.mapper().createObjectNode();
            line.put("title", g.hasNonNull("name") ? g.path("name").asText() : "演练群 " + g.path("id").asText());
            line.put("webhook", g.path("webhook").asText());
            if (g.hasNonNull("secret")) {
                line.put("secret", g.path("secret").asText());
            }
            line.putArray("tags").add(tag);
            ndjson.append(line).append('\n');
        }
        for (int i = 0; i < Math.min(50, groups.size()); i++) {
            JsonNode g = groups.get(i * (groups.size() / Math.min(50, groups.size())));
            ctx.extraSecrets.put("a group's access_token", g.path("accessToken").asText());
            if (g.hasNonNull("secret")) {
                ctx.extraSecrets.put("a group's 加签 secret", g.path("secret").asText());
            }
        }
        DrillHttp.Answer imported = ctx.http.send(DrillHttp.request(ctx.stack.url("robot-registry") + "/api/groups/import")
                .timeout(Duration.ofMinutes(5)).header("Authorization", "Bearer " + ctx.secrets.adminToken())
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(ndjson.toString(), StandardCharsets.UTF_8)).build());
        if (imported.status() != 200) {
            String body = String.valueOf(imported.body());
            throw new IllegalStateException("the registry's import answered " + imported.status() + ": "
                    + (body.length() > 300 ? body.substring(0, 300) + "…" : body));
        }
        ctx.log("push: %d groups made in the simulator and imported into the registry", n);

        // 2. The campaign, paced over a stagger so the faults land while it sends (on-demand runs of a scheduled
        // campaign are paced by its stagger too); its cron fires once a year, at 03:00 on 1 January.
        Duration stagger = ctx.scale.pushGroups() >= 10_000 ? Duration.ofMinutes(3) : Duration.ofSeconds(60);
        String dispatcher = ctx.stack.url("push-dispatcher");
        String campaign = ctx.adminOk("POST", dispatcher + "/api/campaigns", """
                {"name":"演练 %s","audience":{"tags":["%s"]},"zone":"Asia/Shanghai",
                 "schedule":{"cron":"0 0 3 1 1 ?","zone":"Asia/Shanghai","stagger":"%s"},
                 "message":{"msgtype":"markdown","markdown":{"title":"{{group.title}} 演练","text":"#### {{group.title}}\\n演练消息 {{date}} {{time}}"}}}"""
                .formatted(ctx.runId, tag, stagger), 201).path("id").asText();
        ctx.sim("DELETE", "/sim/faults", null, 200);
        ctx.sim("PUT", "/sim/faults", "{\"errorRate\":0.05,\"errorStatus\":503,\"timeoutRate\":0.01}", 200);
        long acceptedBefore = ctx.sim("GET", "/sim/stats", null, 200).path("accepted").asLong();
        Instant started = Instant.now();
        JsonNode run = ctx.adminOk("POST", dispatcher + "/api/campaigns/" + campaign + "/runs", null, 202);
        String runId = run.path("runId").asText();
        ctx.log("push: run %s of campaign %s started, stagger %s", runId, campaign, stagger);

        // 3. The faults, one after the other.
        List<String> faults = Collections.synchronizedList(new ArrayList<>());
        AtomicReference<JsonNode> rotationState = new AtomicReference<>();
        List<String> rotationProblems = Collections.synchronizedList(new ArrayList<>());
        Thread faultsOff = new Thread(() -> {
            TopicCensus.pause(FAULT_WINDOW);
            ctx.sim("DELETE", "/sim/faults", null, 200);
            ctx.log("push: injected faults off after %d s", FAULT_WINDOW.toSeconds());
        }, "drill-push-faults-off");
        faultsOff.setDaemon(true);
        faultsOff.start();
        Thread controller = new Thread(() -> {
            awaitAccepted(acceptedBefore + n / 5, started, stagger);
            ctx.stack.kill("push-dispatcher");
            ctx.log("push: push-dispatcher SIGKILLed at %s", progress(acceptedBefore, n));
            faults.add("push-dispatcher SIGKILLed at " + progress(acceptedBefore, n) + ", restarted");
            ctx.stack.restart("push-dispatcher");
            ctx.log("push: push-dispatcher ready again at %s", progress(acceptedBefore, n));
            String at = progress(acceptedBefore, n);
            ctx.stack.stopKafka();
            TopicCensus.pause(ctx.scale.brokerOutage());
            ctx.stack.startKafka();
            ctx.log("push: broker stopped at %s for %d s, back", at, ctx.scale.brokerOutage().toSeconds());
            faults.add("broker stopped at " + at + " for " + ctx.scale.brokerOutage().toSeconds() + " s");
            at = progress(acceptedBefore, n);
            ctx.stack.restartPostgres();
            ctx.log("push: PostgreSQL restarted at %s", at);
            faults.add("PostgreSQL restarted at " + at);
            // Scenario 3b: the registry gets the new key as its active one (SIGKILL, restart) and rotates every row.
            at = progress(acceptedBefore, n);
            ctx.stack.restart("robot-registry", Map.of("dingrelay.crypto.active-key", Drill.SECOND_KEY_ID));
            JsonNode started3b = ctx.adminOk("POST", ctx.stack.url("robot-registry") + "/api/keys/rotate", null, 202);
            ctx.log("push: registry restarted with key %s at %s, rotation %s", Drill.SECOND_KEY_ID, at, started3b.path("id").asText());
            faults.add("robot-registry SIGKILLed at " + at + ", restarted with a new active key, rotation started");
            Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
            while (Instant.now().isBefore(deadline)) {
                JsonNode state = ctx.adminOk("GET", ctx.stack.url("robot-registry") + "/api/keys/rotate", null, 200);
                rotationState.set(state);
                if (!"RUNNING".equals(state.path("state").asText())) {
                    break;
                }
                TopicCensus.pause(Duration.ofSeconds(1));
            }
        }, "drill-push-faults");
        controller.setDaemon(true);
        controller.start();

        // 4. Until the run is finished (or its time is up).
        Instant deadline = started.plus(stagger).plus(Duration.ofMinutes(ctx.scale.pushGroups() >= 10_000 ? 10 : 5));
        JsonNode progress = null;
        while (Instant.now().isBefore(deadline)) {
            TopicCensus.pause(Duration.ofSeconds(2));
            DrillHttp.Answer a = ctx.admin("GET", dispatcher + "/api/runs/" + runId, null);
            if (a.status() == 200) {
                progress = DrillContext.json(a.body());
                if ("FINISHED".equals(progress.path("status").asText()) && !controller.isAlive()) {
                    break;
                }
            }
        }
        try {
            controller.join(Duration.ofMinutes(2).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        double seconds = Duration.between(started, Instant.now()).toMillis() / 1000.0;

        // 5. The simulator's record of every group, the ledger, the bans.
        java.util.Set<String> ours = new java.util.HashSet<>();
        groups.forEach(g -> ours.add(g.path("id").asText()));
        // "accepted" is what the group was shown; "absorbed" the webhook re-sends of a msgUuid it already had, which
        // DingTalk answers ok and does not show again (its idempotency key for a retry after a timeout).
        Map<String, Long> acceptedByGroup = new HashMap<>();
        long absorbed = 0;
        String after = null;
        do {
            JsonNode page = ctx.sim("GET", "/sim/groups?limit=1000" + (after == null ? "" : "&after=" + after), null, 200);
            for (JsonNode g : page.path("groups")) {
                if (ours.contains(g.path("id").asText())) {
                    acceptedByGroup.put(g.path("id").asText(), g.path("accepted").asLong());
                    absorbed += g.path("absorbed").asLong();
                }
            }
            after = page.path("next").isTextual() ? page.path("next").asText() : null;
        } while (after != null);
        long once = acceptedByGroup.values().stream().filter(c -> c == 1).count();
        long none = acceptedByGroup.values().stream().filter(c -> c == 0).count() + (n - acceptedByGroup.size());
        List<String> twiceIds = acceptedByGroup.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
        // Where the repeats were shown: an OpenAPI group send (§5.2) has no msgUuid, so a send in flight at the SIGKILL
        // and sent again cannot be absorbed by DingTalk; counted as duplicates all the same, and named apart here.
        Map<String, Long> repeatsByChannel = new java.util.TreeMap<>();
        for (String id : twiceIds) {
            JsonNode shown = ctx.sim("GET", "/sim/groups/" + id + "/messages", null, 200).path("messages"); // oldest first
            for (int i = 1; i < shown.size(); i++) {
                repeatsByChannel.merge(shown.get(i).path("channel").asText(), 1L, Long::sum);
            }
        }
        JsonNode stats = ctx.sim("GET", "/sim/stats", null, 200);
        long bans = stats.path("bannedRobots").size();
        long ipBans = 0;
        for (JsonNode w : stats.path("ipWindows")) {
            if (w.path("bannedUntil").asLong() > 0) {
                ipBans++;
            }
        }
        JsonNode rejected = stats.path("rejectedByCode");
        long throttled = rejected.path("410100").asLong() + rejected.path("130101").asLong() + rejected.path("1111").asLong();

        List<String> problems = new ArrayList<>();
        long ledgerDelivered = progress == null ? -1 : progress.path("delivered").asLong();
        if (progress == null) {
            problems.add("the dispatcher never answered the run's progress");
        } else {
            if (!"FINISHED".equals(progress.path("status").asText())) {
                problems.add("the run is " + progress.path("status").asText() + " after " + (long) seconds + " s: " + brief(progress));
            }
            if (progress.path("total").asLong() != n) {
                problems.add("the ledger has " + progress.path("total").asLong() + " deliveries for " + n + " groups");
            }
            if (ledgerDelivered != once + twiceIds.size()) {
                problems.add("the ledger says " + ledgerDelivered + " delivered; the simulator's groups that received it: " + (once + twiceIds.size()));
            }
        }
        if (ipBans > 0 || throttled > 0) {
            problems.add("DingTalk's limits were hit: " + ipBans + " IP bans, " + throttled + " throttle answers (410100/130101/1111)");
        }
        List<String> notes = new ArrayList<>();
        notes.add(String.format("%,d groups (%,d with 加签), markdown campaign paced over %d s, limits on; 5 %% 5xx and 1 %% timeouts "
                + "for the first %d s (faults applied: %s); %s; finished after %.0f s", n, signed, stagger.toSeconds(),
                FAULT_WINDOW.toSeconds(), stats.path("faults"), String.join("; ", faults), seconds));
        notes.add("ledger: " + (progress == null ? "-" : brief(progress)));
        notes.add(String.format("audience: %,d custom-robot webhook groups (every send carries msgUuid = the delivery id), no OpenAPI "
                + "group; %,d re-sends absorbed by msgUuid (sends in flight at a fault, sent again with the same msgUuid: "
                + "DingTalk answers ok and does not show them again)", n, absorbed));
        if (!twiceIds.isEmpty()) {
            notes.add(twiceIds.size() + " groups were shown it more than once (repeats by channel " + repeatsByChannel
                    + (repeatsByChannel.containsKey("openapi") ? "; OpenAPI sends carry no msgUuid, §5.2, so DingTalk cannot absorb a re-send" : "")
                    + "), e.g. " + twiceIds.subList(0, Math.min(5, twiceIds.size())));
        }

        rotation = rotationResult(rotationState.get(), tag, rotationProblems);
        return new ScenarioResult(NAME, String.format("campaign to %,d groups; dispatcher SIGKILL, broker stop/start, PostgreSQL restart, 5 %% 5xx + 1 %% timeouts", n),
                ledgerDelivered, once, none, twiceIds.size(), absorbed, bans + ipBans, -1, problems, notes, Map.of());
    }

    /** Scenario 3b: the rotation finished, failed nothing, and every group of the push is under the new key. */
    private ScenarioResult rotationResult(JsonNode state, String tag, List<String> problems) {
        List<String> p = new ArrayList<>(problems);
        if (state == null) {
            p.add("the rotation's progress was never read");
            return new ScenarioResult(ROTATION, "registry restarted with a new active key; POST /api/keys/rotate", -1, -1, -1, -1, -1, -1, p, List.of());
        }
        if (!"DONE".equals(state.path("state").asText()) || state.path("failed").asLong() > 0) {
            p.add("rotation " + state.path("state").asText() + ": " + state);
        }
        long oldKey = 0;
        long rows = 0;
        String after = null;
        do {
            JsonNode page = ctx.adminOk("GET", ctx.stack.url("robot-registry") + "/api/groups?tag=" + tag + "&limit=1000"
                    + (after == null ? "" : "&after=" + after), null, 200);
            for (JsonNode g : page.path("items")) {
                rows++;
                if (!Drill.SECOND_KEY_ID.equals(g.path("keyId").asText())) {
                    oldKey++;
                }
            }
            after = page.path("next").isTextual() ? page.path("next").asText() : null;
        } while (after != null);
        if (oldKey > 0) {
            p.add(oldKey + " of " + rows + " groups are still under the old key");
        }
        return new ScenarioResult(ROTATION, "registry SIGKILLed, restarted with a new active key, all rows rotated during the push",
                state.path("rewritten").asLong(), rows - oldKey, oldKey, -1, -1, -1, p,
                List.of("rotation: " + state + "; groups of the push under the new key: " + (rows - oldKey) + " of " + rows));
    }

    private static String brief(JsonNode progress) {
        StringBuilder b = new StringBuilder();
        for (String f : List.of("status", "total", "delivered", "failed", "throttled", "retryScheduled", "sending", "pending", "deadLettered")) {
            if (progress.has(f)) {
                b.append(b.isEmpty() ? "" : ", ").append(f).append(' ').append(progress.path(f).asText());
            }
        }
        return b.toString();
    }

    private String progress(long before, int n) {
        long now = ctx.sim("GET", "/sim/stats", null, 200).path("accepted").asLong() - before;
        return (now * 100 / n) + " % delivered";
    }

    private void awaitAccepted(long target, Instant started, Duration stagger) {
        Instant giveUp = started.plus(stagger);
        while (Instant.now().isBefore(giveUp)) {
            if (ctx.sim("GET", "/sim/stats", null, 200).path("accepted").asLong() >= target) {
                return;
            }
            TopicCensus.pause(Duration.ofMillis(250));
        }
    }
}
