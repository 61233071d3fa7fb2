package io.dingrelay.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.dingrelay.infra.Ports;
import io.dingrelay.protocol.answer.Classification;
import io.dingrelay.protocol.answer.Outcome;
import io.dingrelay.protocol.answer.Scope;
import io.dingrelay.protocol.message.MarkdownMessage;
import io.dingrelay.protocol.message.OpenApiTemplate;
import io.dingrelay.protocol.message.TextMessage;
import io.dingrelay.testkit.SimulatorApi;
import io.dingrelay.testkit.SimulatorProcess;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every sender against the real (packaged) dingtalk-simulator, which checks what DingTalk checks. */
class DingTalkClientTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    static final String APP_KEY = "dingclienttestkey";
    static final String APP_SECRET = "client-test-app-secret-0123456789";

    static SimulatorProcess simulator;
    static SimulatorApi sim;
    /** {@code 127.0.0.1}, not {@code localhost}: the local-address test binds 127.0.0.2, an IPv4 address. */
    static String simUrl;
    static Vertx vertx;
    static DingTalkClient client;
    static AppCredentials app;

    @BeforeAll
    static void start() throws Exception {
        int port = Ports.free();
        simUrl = "http://127.0.0.1:" + port;
        simulator = SimulatorProcess.builder().port(port)
                .property("simulator.public-url", simUrl)
                .property("dingtalk.apps.demo.app-key", APP_KEY)
                .property("dingtalk.apps.demo.app-secret", APP_SECRET)
                .property("dingtalk.apps.demo.token", "clienttesttoken")
                .property("dingtalk.apps.demo.aes-key", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG")
                .property("dingtalk.apps.demo.owner-key", APP_KEY)
                .start();
        sim = new SimulatorApi(simUrl);
        vertx = Vertx.vertx();
        client = DingTalkClient.create(vertx, options());
        app = new AppCredentials("demo", APP_KEY, APP_SECRET);
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (vertx != null) {
            vertx.closeAndAwait();
        }
        if (simulator != null) {
            simulator.close();
        }
    }

    @AfterEach
    void restoreLimits() {
        sim.delete("/sim/limits");
        sim.delete("/sim/faults");
    }

    static DingTalkClientOptions options() {
        return DingTalkClientOptions.defaults().withApiBaseUrl(simUrl).withOapiBaseUrl(simUrl);
    }

    static JsonObject group(String security) {
        return new JsonObject(sim.post("/sim/groups", new JsonObject().put("name", "客户端测试群").put("security", security).encode()));
    }

    static JsonArray messages(String groupId) {
        return new JsonObject(sim.get("/sim/groups/" + groupId + "/messages")).getJsonArray("messages");
    }

    static Classification await(Uni<Classification> uni) {
        return uni.await().atMost(WAIT);
    }

    @Test
    void webhookDeliversTheMessageWithItsMsgUuid() {
        JsonObject g = group("none");
        Classification c = await(client.webhooks().send(g.getString("webhook"), null,
                TextMessage.of("今日数据").withMsgUuid("run1:" + g.getString("id"))));

        assertThat(c.outcome()).isEqualTo(Outcome.DELIVERED);
        JsonArray received = messages(g.getString("id"));
        assertThat(received).hasSize(1);
        JsonObject m = received.getJsonObject(0);
        assertThat(m.getString("channel")).isEqualTo("webhook");
        assertThat(m.getString("msgUuid")).isEqualTo("run1:" + g.getString("id"));
        assertThat(m.getJsonObject("message").getJsonObject("text").getString("content")).isEqualTo("今日数据");
    }

    @Test
    void signedWebhookIsSignedAfreshOnEverySubscription() {
        JsonObject g = group("sign");
        MutableClock clock = new MutableClock(Instant.now().minus(Duration.ofHours(2)));
        try (DingTalkClient clocked = DingTalkClient.create(vertx, options(), clock)) {
            Uni<Classification> send = clocked.webhooks().send(g.getString("webhook"), g.getString("secret"), MarkdownMessage.of("日报", "### 今日"));

            Classification stale = await(send);
            clock.set(Instant.now());
            Classification fresh = await(send);

            assertThat(stale.outcome()).isEqualTo(Outcome.PERMANENT);
            assertThat(stale.code()).isEqualTo("310000");
            assertThat(stale.message()).contains("timestamp");
            assertThat(fresh.outcome()).isEqualTo(Outcome.DELIVERED);
        }
        assertThat(messages(g.getString("id"))).hasSize(1);
    }

    @Test
    void wrongSecretIsPermanentForTheRobot() {
        JsonObject g = group("sign");
        Classification c = await(client.webhooks().send(g.getString("webhook"), "SECnotthesecret0000000000000000000000000000000000000000000000000",
                TextMessage.of("hi")));

        assertThat(c.outcome()).isEqualTo(Outcome.PERMANENT);
        assertThat(c.scope()).isEqualTo(Scope.ROBOT);
        assertThat(c.code()).isEqualTo("310000");
        assertThat(messages(g.getString("id"))).isEmpty();
    }

    @Test
    void messageOverTheSizeLimitIsRefusedBeforeSending() {
        JsonObject g = group("none");
        Classification c = await(client.webhooks().send(g.getString("webhook"), null, TextMessage.of("字".repeat(7000))));

        assertThat(c.outcome()).isEqualTo(Outcome.PERMANENT);
        assertThat(c.code()).isEqualTo("460101");
        assertThat(new JsonObject(sim.get("/sim/groups/" + g.getString("id"))).getLong("rejected")).isZero();
    }

    @Test
    void timeoutIsRetryableAndNeverQuotesTheAccessToken() {
        JsonObject g = group("none");
        sim.put("/sim/faults", new JsonObject().put("groupId", g.getString("id")).put("latencyMs", 3000).encode());
        String token = g.getString("accessToken");
        try (DingTalkClient impatient = DingTalkClient.create(vertx, options().withRequestTimeout(Duration.ofMillis(300)))) {
            Classification c = await(impatient.webhooks().send(g.getString("webhook"), null, TextMessage.of("hi")));

            assertThat(c.outcome()).isEqualTo(Outcome.RETRYABLE);
            assertThat(c.code()).isEqualTo("timeout");
            assertThat(c.message()).doesNotContain(token);
        }
    }

    @Test
    void sendsFromTheConfiguredLocalAddress() {
        JsonObject g = group("none");
        try (DingTalkClient egress = DingTalkClient.create(vertx, options().withLocalAddress("127.0.0.2"))) {
            assertThat(await(egress.webhooks().send(g.getString("webhook"), null, TextMessage.of("from .2"))).outcome())
                    .isEqualTo(Outcome.DELIVERED);
        }
        JsonObject windows = new JsonObject(sim.get("/sim/stats")).getJsonObject("ipWindows");
        assertThat(windows.fieldNames()).contains("127.0.0.2");
    }

    @Test
    void egressClientsSendFromEachConfiguredAddress() {
        JsonObject g = group("none");
        try (EgressClients egress = EgressClients.create(vertx, options(), List.of("127.0.0.4", " 127.0.0.5", "127.0.0.4", ""))) {
            assertThat(egress.addresses()).containsExactly("127.0.0.4", "127.0.0.5");
            for (String address : egress.addresses()) {
                assertThat(await(egress.client(address).webhooks().send(g.getString("webhook"), null, TextMessage.of("from " + address)))
                        .outcome()).isEqualTo(Outcome.DELIVERED);
            }
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> egress.client("10.9.9.9"))
                    .isInstanceOf(java.util.NoSuchElementException.class).hasMessageContaining("127.0.0.4");
        }
        JsonObject windows = new JsonObject(sim.get("/sim/stats")).getJsonObject("ipWindows");
        assertThat(windows.fieldNames()).contains("127.0.0.4", "127.0.0.5");
        assertThat(messages(g.getString("id"))).hasSize(2);
        try (EgressClients single = EgressClients.create(vertx, options(), List.of())) {
            assertThat(single.addresses()).containsExactly(EgressClients.DEFAULT_EGRESS);
            assertThat(await(single.first().webhooks().send(g.getString("webhook"), null, TextMessage.of("default"))).outcome())
                    .isEqualTo(Outcome.DELIVERED);
        }
    }

    @Test
    void sessionWebhookReply() {
        JsonObject g = group("none");
        JsonObject callback = new JsonObject(sim.post("/sim/callbacks/robot-messages", new JsonObject().put("app", "demo")
                .put("groupId", g.getString("id")).put("text", "今天的数据").put("senderStaffId", "user123").encode()));
        String session = callback.getString("sessionWebhook");

        Classification c = await(client.sessions().send(session, TextMessage.of("收到")));
        Classification unknown = await(client.sessions().send(session.replaceAll("session=.*", "session=nosuchsession"), TextMessage.of("收到")));

        assertThat(c.outcome()).isEqualTo(Outcome.DELIVERED);
        assertThat(messages(g.getString("id"))).anySatisfy(m -> assertThat(((JsonObject) m).getString("channel")).isEqualTo("session"));
        assertThat(unknown.outcome()).isEqualTo(Outcome.PERMANENT);
        assertThat(unknown.code()).isEqualTo("300001");
    }

    @Test
    void openApiGroupSendWithOneTokenFetchForManyConcurrentSends() {
        sim.put("/sim/limits", "{\"appQpsEnabled\":false}");
        List<JsonObject> groups = Multi.createFrom().range(0, 40).map(i -> group("none")).collect().asList().await().indefinitely();
        try (DingTalkClient fresh = DingTalkClient.create(vertx, options())) {
            List<Classification> answers = Multi.createFrom().iterable(groups)
                    .onItem().transformToUniAndMerge(g -> fresh.groupMessages().send(app, GroupMessage.of(app.appKey(),
                            g.getString("conversationId"), null, OpenApiTemplate.SAMPLE_MARKDOWN,
                            Map.of("title", "日报", "text", "### 今日 " + g.getString("id")))))
                    .collect().asList().await().atMost(WAIT);

            assertThat(answers).allSatisfy(c -> assertThat(c.outcome()).isEqualTo(Outcome.DELIVERED));
            assertThat(fresh.tokens().fetches()).isEqualTo(1);
        }
        JsonObject m = messages(groups.get(7).getString("id")).getJsonObject(0);
        assertThat(m.getString("channel")).isEqualTo("openapi");
        assertThat(m.getJsonObject("message").encode()).contains("今日 " + groups.get(7).getString("id"));
    }

    @Test
    void tokenIsRefreshedBeforeItExpiresWithoutMakingSendsWait() {
        JsonObject g = group("none");
        MutableClock clock = new MutableClock(Instant.now());
        try (DingTalkClient clocked = DingTalkClient.create(vertx, options().withTokenRefreshMargin(Duration.ofMinutes(10)), clock)) {
            GroupMessage msg = GroupMessage.of(app.appKey(), g.getString("conversationId"), null, OpenApiTemplate.SAMPLE_TEXT,
                    Map.of("content", "hi"));
            assertThat(await(clocked.groupMessages().send(app, msg)).outcome()).isEqualTo(Outcome.DELIVERED);
            assertThat(clocked.tokens().fetches()).isEqualTo(1);

            clock.advance(Duration.ofSeconds(7200 - 300)); // inside the 10-minute margin, still valid
            assertThat(await(clocked.groupMessages().send(app, msg)).outcome()).isEqualTo(Outcome.DELIVERED);
            Awaitility.await().atMost(WAIT).until(() -> clocked.tokens().fetches() == 2);

            assertThat(await(clocked.groupMessages().send(app, msg)).outcome()).isEqualTo(Outcome.DELIVERED);
            assertThat(clocked.tokens().fetches()).isEqualTo(2);
        }
    }

    @Test
    void tokenDingTalkNoLongerAcceptsIsReplacedOnce() {
        JsonObject g = group("none");
        sim.put("/sim/limits", "{\"accessTokenLifetimeSeconds\":60}");
        try (DingTalkClient fresh = DingTalkClient.create(vertx, options().withTokenRefreshMargin(Duration.ZERO))) {
            GroupMessage msg = GroupMessage.of(app.appKey(), g.getString("conversationId"), null, OpenApiTemplate.SAMPLE_TEXT,
                    Map.of("content", "hi"));
            assertThat(await(fresh.groupMessages().send(app, msg)).outcome()).isEqualTo(Outcome.DELIVERED);
            sim.post("/sim/clock/advance", "{\"seconds\":120}"); // the simulator's token expires; our clock says it has 60 s

            assertThat(await(fresh.groupMessages().send(app, msg)).outcome()).isEqualTo(Outcome.DELIVERED);
            assertThat(fresh.tokens().fetches()).isEqualTo(2);
        }
        assertThat(messages(g.getString("id"))).hasSize(2);
    }

    @Test
    void wrongAppSecretIsPermanentForTheAppAndNotCached() {
        JsonObject g = group("none");
        AppCredentials wrong = new AppCredentials("wrong", APP_KEY, "not-the-secret");
        GroupMessage msg = GroupMessage.of(wrong.appKey(), g.getString("conversationId"), null, OpenApiTemplate.SAMPLE_TEXT,
                Map.of("content", "hi"));
        try (DingTalkClient fresh = DingTalkClient.create(vertx, options())) {
            Classification c = await(fresh.groupMessages().send(wrong, msg));
            await(fresh.groupMessages().send(wrong, msg));

            assertThat(c.outcome()).isEqualTo(Outcome.PERMANENT);
            assertThat(c.scope()).isEqualTo(Scope.APP);
            assertThat(c.code()).isEqualTo("invalidClientIdOrSecret");
            assertThat(fresh.tokens().fetches()).isEqualTo(2);
        }
        assertThat(messages(g.getString("id"))).isEmpty();
        assertThat(wrong.toString()).doesNotContain("not-the-secret");
    }

    @Test
    void openApiAnswersAreClassified() {
        JsonObject g = group("none");
        Classification unknownGroup = await(client.groupMessages().send(app, GroupMessage.of(app.appKey(), "cidnosuchgroup==", null,
                OpenApiTemplate.SAMPLE_TEXT, Map.of("content", "hi"))));
        sim.delete("/sim/groups/" + g.getString("id"));
        Classification disbanded = await(client.groupMessages().send(app, GroupMessage.of(app.appKey(), g.getString("conversationId"),
                null, OpenApiTemplate.SAMPLE_TEXT, Map.of("content", "hi"))));

        assertThat(unknownGroup.outcome()).isEqualTo(Outcome.PERMANENT);
        assertThat(unknownGroup.code()).isEqualTo("invalidParameter.openConversationId");
        assertThat(disbanded.outcome()).isEqualTo(Outcome.PERMANENT);
        assertThat(disbanded.code()).isEqualTo("group.disbanded");
    }

    @Test
    void redactionMasksEveryQueryValue() {
        assertThat(Redaction.url("https://oapi.dingtalk.com/robot/send?access_token=abc123&timestamp=1&sign=x%2B"))
                .isEqualTo("https://oapi.dingtalk.com/robot/send?access_token=***&timestamp=***&sign=***");
        assertThat(Redaction.url("http://h/p")).isEqualTo("http://h/p");
    }

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        private final AtomicLong millis;

        MutableClock(Instant start) {
            millis = new AtomicLong(start.toEpochMilli());
        }

        void set(Instant now) {
            millis.set(now.toEpochMilli());
        }

        void advance(Duration d) {
            millis.addAndGet(d.toMillis());
        }

        @Override
        public long millis() {
            return millis.get();
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis());
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
