package io.dingrelay.dispatcher;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agroal.api.AgroalDataSource;
import io.dingrelay.client.DingTalkClientOptions;
import io.dingrelay.client.EgressClients;
import io.dingrelay.dispatcher.support.AudienceServer;
import io.dingrelay.dispatcher.support.DeliveryWorld;
import io.dingrelay.dispatcher.support.TopicReader;
import io.dingrelay.events.EventJson;
import io.dingrelay.events.Topics;
import io.dingrelay.events.push.DeadLetter;
import io.dingrelay.events.push.DeliveryOutcome;
import io.dingrelay.events.push.DeliveryStatus;
import io.dingrelay.events.registry.AudienceEntry;
import io.dingrelay.events.registry.GroupKind;
import io.dingrelay.flow.FlowControl;
import io.dingrelay.flow.Permit;
import io.dingrelay.flow.ScopeKey;
import io.dingrelay.flow.SendScopes;
import io.dingrelay.flow.config.FlowLimits;
import io.dingrelay.dispatcher.config.PushConfig;
import io.dingrelay.protocol.answer.DingTalkErrcode;
import io.dingrelay.protocol.answer.Outcome;
import io.dingrelay.protocol.answer.Scope;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The dispatcher under DingTalk's limits, scaled down ({@link LimitsProfile}), against the simulator enforcing them:
 * each ban scope provoked pauses only that scope and is survived; retries reach success; permanent failures and
 * exhausted retries are dead-lettered with their outcome; two replicas share one IP budget; the quota stop pauses the
 * run and an operator's resume finishes it. What is asserted is what users see: the run's API, the simulator's record
 * of what DingTalk accepted and refused, and the records on push.dead-letter / push.outcomes.
 */
@QuarkusTest
@TestProfile(LimitsProfile.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LimitsTest {

    @Inject
    FlowControl flow;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    PushConfig config;

    @Inject
    Vertx vertx;

    @BeforeAll
    static void simulatorLimits() {
        // DingTalk's rules on, its IP budget scaled down: 160 calls per 20 s per source address
        DeliveryWorld.sim.delete("/sim/faults");
        DeliveryWorld.sim.put("/sim/limits", "{\"ipEnabled\":true,\"appQpsEnabled\":true,\"robotEnabled\":true,\"ipCalls\":"
                + LimitsProfile.SIM_IP_CALLS + "}");
    }

    @AfterAll
    static void limitsBack() {
        DeliveryWorld.sim.delete("/sim/faults");
        DeliveryWorld.sim.delete("/sim/limits");
    }

    @Test
    @Order(1)
    void aPermanentErrcodeIsDeadLetteredWithItsFailedOutcomeForTheRegistry() {
        List<AudienceEntry> groups = DeliveryWorld.groups(5, "perm", GroupKind.CUSTOM_WEBHOOK, "none", List.of("perm"));
        String gone = groups.get(0).groupId().value();
        DeliveryWorld.sim.delete("/sim/groups/" + DeliveryWorld.simId(gone)); // disbanded: DingTalk answers 400013

        String run = runOf("perm");
        JsonPath p = awaitStatus(run, "FINISHED");
        assertThat(p.getLong("delivered")).isEqualTo(4);
        assertThat(p.getLong("failed")).isEqualTo(1);

        DeadLetter dead = await().atMost(Duration.ofSeconds(30)).until(() -> deadLetter(run, gone), d -> d != null);
        assertThat(dead.code()).isEqualTo("400013");
        assertThat(dead.attempts()).isEqualTo(1);
        assertThat(dead.message()).startsWith("permanent failure 400013");
        DeliveryOutcome outcome = await().atMost(Duration.ofSeconds(30)).until(() -> outcome(run, gone), o -> o != null);
        assertThat(outcome.status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(outcome.code()).isEqualTo("400013");
        // what robot-registry's OutcomePolicy reads: a FAILED outcome whose code the protocol library classifies as
        // PERMANENT for the GROUP disables the group
        DingTalkErrcode e = DingTalkErrcode.byErrcode(Integer.parseInt(outcome.code()), outcome.message()).orElseThrow();
        assertThat(e.outcome()).isEqualTo(Outcome.PERMANENT);
        assertThat(e.scope()).isEqualTo(Scope.GROUP);
    }

    @Test
    @Order(2)
    void aBannedRobotIsPausedAloneAndDeliveredLaterWithoutUsingAnAttempt() {
        List<AudienceEntry> groups = DeliveryWorld.groups(12, "ban", GroupKind.CUSTOM_WEBHOOK, "none", List.of("ban"));
        String banned = groups.get(0).groupId().value();
        String simBanned = DeliveryWorld.simId(banned);
        // DingTalk bans this robot (410100 "发送速度太快而限流") whatever we send
        DeliveryWorld.sim.put("/sim/faults", "{\"groupId\":\"" + simBanned + "\",\"throttleRate\":1}");

        String run = runOf("ban");
        await().atMost(Duration.ofMinutes(1)).until(() -> progress(run).getLong("delivered") == 11);
        assertThat(flow.pausedFor(ScopeKey.robot(banned))).isPresent();
        assertThat(flow.pausedFor(ScopeKey.robot(banned)).get()).isGreaterThan(Duration.ofMinutes(9)); // DingTalk's 10 minutes
        // it keeps waiting, parked (THROTTLED), never sent again while paused: one refusal by DingTalk in all
        await().atMost(Duration.ofSeconds(30)).until(() -> delivery(run, banned).getString("status").equals("THROTTLED"));
        assertThat(simGroup(simBanned).getLong("rejected")).isEqualTo(1);
        Map<String, Long> accepted = acceptedOf(groups);
        assertThat(accepted).hasSize(12);
        groups.subList(1, 12).forEach(g -> assertThat(accepted.get(g.groupId().value())).isEqualTo(1L));
        assertThat(progress(run).getString("status")).isEqualTo("SENDING");

        // the ban is over (here: ended early by the operator instead of waiting 10 minutes)
        DeliveryWorld.sim.delete("/sim/faults?groupId=" + simBanned);
        flow.resume(ScopeKey.robot(banned));
        JsonPath p = awaitStatus(run, "FINISHED");
        assertThat(p.getLong("delivered")).isEqualTo(12);
        assertThat(p.getLong("failed")).isZero();
        assertThat(simGroup(simBanned).getLong("accepted")).isEqualTo(1);
        // the throttled send did not use up an attempt: the one that counted is the one that was delivered
        assertThat(delivery(run, banned).getInt("attempts")).isEqualTo(1);
    }

    @Test
    @Order(3)
    void aServerErrorIsRetriedToSuccessAndRetriesExhaustedAreDeadLettered() {
        List<AudienceEntry> groups = DeliveryWorld.groups(6, "retry", GroupKind.CUSTOM_WEBHOOK, "none", List.of("retry"));
        String flaky = groups.get(0).groupId().value();
        String broken = groups.get(1).groupId().value();
        DeliveryWorld.sim.put("/sim/faults", "{\"groupId\":\"" + DeliveryWorld.simId(flaky) + "\",\"errorRate\":1,\"errorStatus\":503}");
        DeliveryWorld.sim.put("/sim/faults", "{\"groupId\":\"" + DeliveryWorld.simId(broken) + "\",\"errorRate\":1,\"errorStatus\":502}");

        String run = runOf("retry");
        await().atMost(Duration.ofMinutes(1)).until(() -> delivery(run, flaky).getString("status").equals("RETRY_SCHEDULED")
                && delivery(run, broken).getString("status").equals("RETRY_SCHEDULED"));
        DeliveryWorld.sim.delete("/sim/faults?groupId=" + DeliveryWorld.simId(flaky)); // the 503 was passing

        // the first step of the schedule: 30 s ± 20 % (here scaled to 6 s)
        JsonPath p = awaitStatus(run, "FINISHED");
        assertThat(p.getLong("delivered")).isEqualTo(5);
        assertThat(p.getLong("deadLettered")).isEqualTo(1);
        assertThat(delivery(run, flaky).getInt("attempts")).isEqualTo(2);
        assertThat(simGroup(DeliveryWorld.simId(flaky)).getLong("accepted")).isEqualTo(1);

        DeadLetter dead = await().atMost(Duration.ofSeconds(30)).until(() -> deadLetter(run, broken), d -> d != null);
        assertThat(dead.attempts()).isEqualTo(2);
        assertThat(dead.code()).isNotBlank(); // the HTTP 502, as the protocol library names it
        assertThat(dead.message()).startsWith("retries exhausted after 2 attempts");
        DeliveryOutcome outcome = await().atMost(Duration.ofSeconds(30)).until(() -> outcome(run, broken), o -> o != null);
        assertThat(outcome.status()).isEqualTo(DeliveryStatus.DEAD_LETTERED);
        assertThat(outcome.attempt()).isEqualTo(2);
        DeliveryWorld.sim.delete("/sim/faults");
    }

    @Test
    @Order(4)
    void theMonthlyQuotaPausesTheRunWithItsReasonAndTheOperatorsResumeFinishesIt() throws Exception {
        List<AudienceEntry> groups = DeliveryWorld.groups(40, "quota", GroupKind.ENTERPRISE_ROBOT, "none", List.of("quota"));

        String run = runOf("quota");
        JsonPath paused = awaitStatus(run, "PAUSED");
        assertThat(paused.getString("pauseReason")).isEqualTo("monthly quota of corp dingsimcorp exhausted (25 sends this month)");
        // the rest wait, parked (they look again every 2 s, briefly SENDING then): nothing failed, nothing over the quota
        JsonPath p = await().atMost(Duration.ofSeconds(30)).until(() -> progress(run),
                q -> q.getLong("sending") == 0 && q.getLong("throttled") == 40 - LimitsProfile.QUOTA);
        assertThat(p.getLong("delivered")).isEqualTo(LimitsProfile.QUOTA);
        assertThat(p.getLong("failed") + p.getLong("deadLettered")).isZero();
        assertThat(acceptedOf(groups).values().stream().mapToLong(Long::longValue).sum()).isEqualTo(LimitsProfile.QUOTA);
        assertThat(flow.quotaLeft("dingsimcorp")).hasValue(0);
        await().atMost(Duration.ofSeconds(40)).until(() -> metrics().contains("dingrelay_push_quota_warnings_total{corp=\"dingsimcorp\"} 1.0"));
        assertThat(metrics()).contains("dingrelay_push_quota_used_total{corp=\"dingsimcorp\"} 25.0");

        // the operator gets more quota (here: the month's bucket emptied, as a new month or a bought pack would) ...
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM flow_control_buckets WHERE id LIKE 'org:dingsimcorp:%'");
        }
        // ... and once flow-control sees it (it looks at an exhausted quota again every 10 s) resumes the run
        await().atMost(Duration.ofSeconds(40)).until(() -> flow.acquire(SendScopes.webhook("quota-probe", "dingsimcorp"), Duration.ZERO)
                .await().atMost(Duration.ofSeconds(10)).status() == Permit.Status.GRANTED);
        admin().post("/api/runs/" + run + "/resume").then().statusCode(200);
        JsonPath done = awaitStatus(run, "FINISHED");
        assertThat(done.getLong("delivered")).isEqualTo(40);
        assertThat(done.getString("pauseReason")).isNull();
        assertThat(acceptedOf(groups).values()).allMatch(n -> n == 1L);
        admin().post("/api/runs/" + run + "/resume").then().statusCode(409);
    }

    @Test
    @Order(5)
    void twoReplicasShareOneIpBudgetAndNeverExceedIt() {
        long punishedBefore = rejected("1111");
        // replica B: another FlowControl on the same PostgreSQL budgets, its own clients, sending to its own groups
        ExecutorService pool = Executors.newFixedThreadPool(2);
        FlowControl other = FlowControl.builder(FlowLimits.from(config.limits())).postgres(dataSource).executor(pool)
                .egressAddresses(List.of("127.0.0.2", "127.0.0.3")).build();
        EgressClients otherClients = EgressClients.create(vertx, DingTalkClientOptions.defaults().withApiBaseUrl(DeliveryWorld.simUrl)
                .withOapiBaseUrl(DeliveryWorld.simUrl), List.of("127.0.0.2", "127.0.0.3"));
        JsonArray otherGroups = new JsonObject(DeliveryWorld.sim.post("/sim/groups/bulk",
                new JsonObject().put("count", 200).put("namePrefix", "replica-b").put("security", "none").encode())).getJsonArray("groups");
        List<AudienceEntry> groups = DeliveryWorld.groups(200, "shared", GroupKind.CUSTOM_WEBHOOK, "none", List.of("shared"));
        try {
            String run = runOf("shared");
            Buffer body = Buffer.buffer(new JsonObject().put("msgtype", "text").put("text", new JsonObject().put("content", "replica B")).encode());
            List<Boolean> delivered = Multi.createFrom().range(0, otherGroups.size())
                    .onItem().transformToUni(i -> {
                        JsonObject g = otherGroups.getJsonObject(i);
                        return other.acquire(SendScopes.webhook("b-" + g.getString("id"), null), Duration.ofMinutes(2))
                                .onFailure(IllegalArgumentException.class).retry().atMost(20)
                                .chain(permit -> otherClients.client(permit.egress()).webhooks().send(g.getString("webhook"), null, body)
                                        .invoke(answer -> other.observe(permit, answer))
                                        .map(answer -> answer.isDelivered()));
                    }).merge(32).collect().asList().await().atMost(Duration.ofMinutes(3));
            assertThat(delivered).hasSize(200).allMatch(d -> d);

            JsonPath p = awaitStatus(run, "FINISHED");
            assertThat(p.getLong("delivered")).isEqualTo(200);
            assertThat(acceptedOf(groups).values()).allMatch(n -> n == 1L);
            // 400 sends from two processes over two addresses, each address's window under the simulator's 160:
            // no punish page at all (each replica alone would have sent up to 150 per address and window)
            assertThat(rejected("1111")).isEqualTo(punishedBefore);
        } finally {
            other.close();
            otherClients.close();
            pool.shutdown();
        }
    }

    @Test
    @Order(6)
    void aPunishPageOnOneAddressMovesTheSendsToTheOther() {
        // something outside our control spends 127.0.0.2's budget at DingTalk: the next call from it gets the punish page
        WebClient raw = WebClient.create(vertx, new WebClientOptions().setLocalAddress("127.0.0.2"));
        try {
            await().atMost(Duration.ofMinutes(1)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).until(() ->
                    raw.postAbs(DeliveryWorld.simUrl + "/robot/send?access_token=outside").putHeader("Content-Type", "application/json")
                            .sendBuffer(Buffer.buffer("{}")).await().atMost(Duration.ofSeconds(10)).bodyAsString().contains("punish"));
        } finally {
            raw.close();
        }
        long punishedBefore = rejected("1111");
        List<AudienceEntry> groups = DeliveryWorld.groups(30, "punish", GroupKind.CUSTOM_WEBHOOK, "none", List.of("punish"));

        String run = runOf("punish");
        JsonPath p = awaitStatus(run, "FINISHED");
        assertThat(p.getLong("delivered")).isEqualTo(30);
        assertThat(acceptedOf(groups).values()).allMatch(n -> n == 1L);
        // the first send on 127.0.0.2 (and those in flight with it) got the punish page: that address is paused 5 min
        assertThat(flow.pausedFor(ScopeKey.ip("127.0.0.2"))).isPresent();
        assertThat(flow.pausedFor(ScopeKey.ip("127.0.0.3"))).isEmpty();
        long punishedNow = rejected("1111") - punishedBefore;
        assertThat(punishedNow).isBetween(1L, 8L);
        List<JsonObject> punished = rejections("1111"); // the simulator's last refusals, oldest first
        assertThat(punished.subList(punished.size() - (int) punishedNow, punished.size())).allMatch(r -> "127.0.0.2".equals(r.getString("ip")));
        // a punished send is throttled, not failed: every delivery used exactly one attempt
        List<Integer> attempts = admin().get("/api/runs/" + run + "/deliveries?limit=100").then().statusCode(200).extract().jsonPath()
                .getList("deliveries.attempts", Integer.class);
        assertThat(attempts).hasSize(30).allMatch(a -> a == 1);
    }

    // ---- helpers ----

    static RequestSpecification admin() {
        return given().header("Authorization", "Bearer " + AudienceServer.TOKEN).contentType("application/json");
    }

    static String runOf(String tag) {
        String message = new JsonObject().put("msgtype", "markdown").put("markdown", new JsonObject()
                .put("title", "{{group.title}}").put("text", "#### {{group.title}} {{date}}")).encode();
        String campaign = admin().body("{\"name\":\"" + tag + "\",\"message\":" + message + ",\"audience\":{\"tags\":[\"" + tag + "\"]}}")
                .post("/api/campaigns").then().statusCode(201).extract().path("id");
        return admin().post("/api/campaigns/" + campaign + "/runs").then().statusCode(202).extract().path("runId");
    }

    static JsonPath progress(String run) {
        return admin().get("/api/runs/" + run).then().statusCode(200).extract().jsonPath();
    }

    static JsonPath awaitStatus(String run, String status) {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> status.equals(progress(run).getString("status")));
        return progress(run);
    }

    static JsonPath delivery(String run, String groupId) {
        JsonPath page = admin().get("/api/runs/" + run + "/deliveries?limit=200").then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> rows = page.getList("deliveries");
        for (int i = 0; i < rows.size(); i++) {
            if (groupId.equals(rows.get(i).get("groupId"))) {
                return new JsonPath(new JsonObject(rows.get(i)).encode());
            }
        }
        throw new AssertionError("no delivery of " + groupId + " in run " + run);
    }

    static JsonObject simGroup(String simId) {
        return new JsonObject(DeliveryWorld.sim.get("/sim/groups/" + simId));
    }

    /** Our group id → the messages the simulator accepted for it. */
    static Map<String, Long> acceptedOf(List<AudienceEntry> groups) {
        Map<String, Long> out = new HashMap<>();
        groups.forEach(g -> out.put(g.groupId().value(), simGroup(DeliveryWorld.simId(g.groupId().value())).getLong("accepted")));
        return out;
    }

    static long rejected(String code) {
        JsonObject byCode = new JsonObject(DeliveryWorld.sim.get("/sim/stats")).getJsonObject("rejectedByCode");
        return byCode == null ? 0 : byCode.getLong(code, 0L);
    }

    static List<JsonObject> rejections(String code) {
        JsonArray all = new JsonArray(DeliveryWorld.sim.get("/sim/rejections"));
        return all.stream().map(o -> (JsonObject) o).filter(r -> code.equals(String.valueOf(r.getValue("code")))).collect(Collectors.toList());
    }

    static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    static DeadLetter deadLetter(String run, String groupId) {
        return TopicReader.values(Topics.PUSH_DEAD_LETTER).stream().map(v -> EventJson.read(v, DeadLetter.class))
                .filter(d -> d.delivery().runId().value().equals(run) && d.delivery().target().groupId().value().equals(groupId))
                .findFirst().orElse(null);
    }

    static DeliveryOutcome outcome(String run, String groupId) {
        return TopicReader.values(Topics.PUSH_OUTCOMES).stream().map(v -> EventJson.read(v, DeliveryOutcome.class))
                .filter(o -> o.runId().value().equals(run) && o.groupId().value().equals(groupId)
                        && o.status() != DeliveryStatus.RETRY_SCHEDULED)
                .findFirst().orElse(null);
    }
}
