package io.dingrelay.chat;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dingrelay.chat.support.DemoApp;
import io.dingrelay.chat.support.SimulatedGroup;
import io.dingrelay.events.EventJson;
import io.dingrelay.events.chat.ChatMessage;
import io.dingrelay.testkit.KafkaResource;
import io.dingrelay.testkit.PostgresResource;
import io.dingrelay.testkit.SimulatorResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * chat-bridge against a real broker, a real PostgreSQL and the simulator playing DingTalk: each test says something
 * in a simulated group and asserts what the group then shows, as its members would see it.
 */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "chat_bridge_test"))
@QuarkusTestResource(DemoApp.Simulator.class)
class ChatBridgeTest {

    static final String ADMIN = "Bearer test-admin-token";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @ConfigProperty(name = SimulatorResource.URL_PROPERTY)
    String simulator;

    @Inject
    MeterRegistry meters;

    private SimulatedGroup group(String name) {
        return SimulatedGroup.create(simulator, kafka, name);
    }

    /** Says {@code text} as 小明 (user123) and returns the robot's answer. */
    private JsonNode ask(SimulatedGroup g, String text) {
        int before = g.received().size();
        g.say(text);
        return g.awaitReply(before);
    }

    @Test
    void helpListsTheCommandsThroughTheSessionMentioningTheSender() {
        SimulatedGroup g = group("帮助群");

        JsonNode reply = ask(g, "帮助");

        assertThat(reply.path("channel").asText()).isEqualTo("session");
        assertThat(reply.at("/message/at/atUserIds/0").asText()).isEqualTo("user123");
        assertThat(SimulatedGroup.text(reply)).startsWith("@user123 我是疫情信息助手")
                .contains("疫情 [数据集]", "打卡 [内容]", "打卡统计", "订阅 <标签>", "退订 <标签>", "今天新增了多少病例");
        assertThat(SimulatedGroup.text(ask(g, "/help"))).contains("打卡统计");
    }

    @Test
    void checkInsAreRecordedPerUserCorrectedTheSameDayAndSummarised() {
        SimulatedGroup g = group("打卡群");
        int before = g.received().size();

        g.say("打卡 体温36.5 正常", "user123", "小明");
        assertThat(SimulatedGroup.text(g.awaitReply(before))).isEqualTo("@user123 打卡成功：体温36.5 正常");
        g.say("打卡 体温37.8", "user456", "小红");
        assertThat(SimulatedGroup.text(g.awaitReply(before + 1))).isEqualTo("@user456 打卡成功：体温37.8");
        g.say("打卡 体温36.6 正常", "user123", "小明");
        assertThat(SimulatedGroup.text(g.awaitReply(before + 2))).isEqualTo("@user123 已更正今天的打卡：体温36.6 正常");

        String stats = SimulatedGroup.text(ask(g, "打卡统计"));
        assertThat(stats).contains("打卡 2 人，其中异常 1 人", "· 小明 体温36.6 正常", "· 小红 体温37.8 ⚠")
                .doesNotContain("36.5");

        // The same summary for campaigns.
        given().header("Authorization", ADMIN).queryParam("conversationId", g.conversationId)
                .get("/api/check-ins/summary").then().statusCode(200)
                .body("checkedIn", equalTo(2)).body("abnormal", equalTo(1))
                .body("entries.nick", org.hamcrest.Matchers.contains("小红", "小明"))
                .body("text", containsString("打卡 2 人"));
        given().queryParam("conversationId", g.conversationId).get("/api/check-ins/summary").then().statusCode(401);
        given().header("Authorization", ADMIN).queryParam("conversationId", g.conversationId).queryParam("day", "12/01")
                .get("/api/check-ins/summary").then().statusCode(400).body("field", equalTo("day"));
        given().header("Authorization", ADMIN).queryParam("conversationId", "cid-never-checked-in")
                .get("/api/check-ins/summary").then().statusCode(404);
    }

    @Test
    void faqPairsAnswerChineseQuestionsAsSoonAsTheyAreStoredChangedOrDeleted() {
        SimulatedGroup g = group("问答群");
        long id = given().header("Authorization", ADMIN).contentType("application/json")
                .body(Map.of("question", "今天新增了多少病例", "answer", "今日新增确诊 12 例（FAQ 测试）"))
                .post("/api/faq").then().statusCode(201).extract().jsonPath().getLong("id");

        assertThat(SimulatedGroup.text(ask(g, "新增病例"))).isEqualTo("@user123 今日新增确诊 12 例（FAQ 测试）");

        given().header("Authorization", ADMIN).contentType("application/json")
                .body(Map.of("question", "今天新增了多少病例", "answer", "今日新增确诊 15 例（已更新）"))
                .put("/api/faq/" + id).then().statusCode(200);
        assertThat(SimulatedGroup.text(ask(g, "今天新增多少病例？"))).isEqualTo("@user123 今日新增确诊 15 例（已更新）");

        given().header("Authorization", ADMIN).delete("/api/faq/" + id).then().statusCode(204);
        assertThat(SimulatedGroup.text(ask(g, "新增病例"))).isEqualTo("@user123 抱歉，我还不会回答「新增病例」。发送「帮助」看看我能做什么。");
    }

    @Test
    void faqAdminRefusesBadPairsNamingTheField() {
        given().contentType("application/json").body(Map.of("question", "q", "answer", "a")).post("/api/faq")
                .then().statusCode(401);
        given().header("Authorization", ADMIN).contentType("application/json").body(Map.of("question", " ", "answer", "a"))
                .post("/api/faq").then().statusCode(400).body("field", equalTo("question"))
                .body("error", equalTo("question must not be empty"));
        given().header("Authorization", ADMIN).contentType("application/json")
                .body(Map.of("question", "重复的问题", "answer", "a")).post("/api/faq").then().statusCode(201);
        given().header("Authorization", ADMIN).contentType("application/json")
                .body(Map.of("question", "重复的问题", "answer", "b")).post("/api/faq").then().statusCode(409)
                .body("field", equalTo("question"));
        given().header("Authorization", ADMIN).get("/api/faq/999999").then().statusCode(404);
        // A NUL reached PostgreSQL and was a 500 (found by the reliability drill's fuzzer): now a 400 naming where.
        given().header("Authorization", ADMIN).urlEncodingEnabled(false).get("/api/check-ins/summary?conversationId=cid%00")
                .then().statusCode(400).body("field", equalTo("conversationId"));
        given().header("Authorization", ADMIN).queryParam("limit", 0).get("/api/faq").then().statusCode(400)
                .body("field", equalTo("limit"));
    }

    @Test
    void importsAreAllOrNothingWithAReportPerRowAndExportsReadBack() {
        String before = exportNdjson();
        String broken = """
                {"question":"口罩怎么选","answer":"选医用外科口罩"}
                {"question":"","answer":"没有问题"}
                not json at all
                {"question":"口罩怎么选","answer":"重复"}
                """;
        given().header("Authorization", ADMIN).contentType("application/x-ndjson").body(broken.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post("/api/faq/import").then().statusCode(422)
                .body("error", containsString("nothing was stored"))
                .body("rows.row", org.hamcrest.Matchers.contains(2, 3, 4))
                .body("rows.field", org.hamcrest.Matchers.contains("question", "row", "question"));
        assertThat(exportNdjson()).isEqualTo(before);

        String csv = "question,answer\n口罩怎么选,选医用外科口罩\n\"核酸检测去哪里做\",\"社区卫生服务中心, 24 小时\"\n";
        given().header("Authorization", ADMIN).contentType("text/csv").body(csv.getBytes(java.nio.charset.StandardCharsets.UTF_8)).post("/api/faq/import")
                .then().statusCode(200).body("created", equalTo(2)).body("updated", equalTo(0));
        String exported = given().header("Authorization", ADMIN).queryParam("format", "csv").get("/api/faq/export")
                .then().statusCode(200).extract().asString();
        assertThat(exported).contains("核酸检测去哪里做,\"社区卫生服务中心, 24 小时\"");
        // The export imported again changes nothing but the timestamps.
        given().header("Authorization", ADMIN).contentType("text/csv").body(exported.getBytes(java.nio.charset.StandardCharsets.UTF_8)).post("/api/faq/import")
                .then().statusCode(200).body("created", equalTo(0));
        given().header("Authorization", ADMIN).queryParam("q", "哪里做核酸").get("/api/faq/search").then().statusCode(200)
                .body("[0].question", equalTo("核酸检测去哪里做"));
        given().header("Authorization", ADMIN).queryParam("format", "xml").contentType("text/csv").body(csv.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post("/api/faq/import").then().statusCode(400).body("field", equalTo("format"));
    }

    @Test
    void statusAndSubscriptionsDegradePolitelyWhenTheirServicesAreDown() {
        SimulatedGroup g = group("降级群");
        assertThat(SimulatedGroup.text(ask(g, "疫情"))).isEqualTo("@user123 数据服务暂时不可用，请稍后再发送「疫情」。");
        assertThat(SimulatedGroup.text(ask(g, "疫情 ../admin"))).contains("数据集名称「../admin」不对");
        assertThat(SimulatedGroup.text(ask(g, "订阅 日报"))).isEqualTo("@user123 推送系统暂时不可用，请稍后再订阅。");
        assertThat(SimulatedGroup.text(ask(g, "退订"))).isEqualTo("@user123 请写上要退订的标签，例如「退订 日报」。");
        assertThat(SimulatedGroup.text(ask(g, "订阅 <script>"))).contains("标签「<script>」不对");
    }

    @Test
    void unknownCommandsAndQuestionsGetAPoliteAnswer() {
        SimulatedGroup g = group("未知群");
        assertThat(SimulatedGroup.text(ask(g, "/frobnicate now"))).isEqualTo("@user123 没有「/frobnicate」这个命令。发送「帮助」查看我会的命令。");
        assertThat(SimulatedGroup.text(ask(g, "火星上有病毒吗"))).isEqualTo("@user123 抱歉，我还不会回答「火星上有病毒吗」。发送「帮助」看看我能做什么。");
    }

    @Test
    void picturesEmptyTextAndOverlongQuestionsAreAnsweredWithWhatTheRobotCanRead() {
        SimulatedGroup g = group("坏输入群");
        ChatMessage template = g.message("模板", "user123", "小明");
        int before = g.received().size();

        g.publish(copy(template, "m-pic", "picture", null), copy(template, "m-at", "text", "@"),
                copy(template, "m-long", "text", "长".repeat(600)));

        assertThat(SimulatedGroup.text(g.awaitReply(before))).isEqualTo(
                "@user123 我目前只能读懂文字消息，暂时看不了图片。请用文字提问，或发送「帮助」看看我能做什么。");
        assertThat(SimulatedGroup.text(g.awaitReply(before + 1))).startsWith("@user123 你好，我在！");
        assertThat(SimulatedGroup.text(g.awaitReply(before + 2))).isEqualTo("@user123 问题太长了（600 字），请精简到 500 字以内再问我。");
    }

    @Test
    void richTextIsReadAsItsTextPartsAndItsPicturesAreLeftOut() {
        SimulatedGroup g = group("富文本群");
        ChatMessage template = g.message("模板", "user123", "小明");
        // What DingTalk sends for text with an inline picture: content.richText, the picture as a downloadCode only.
        ObjectNode body = EventJson.mapper().createObjectNode();
        body.putObject("content").putArray("richText")
                .add(body.objectNode().put("text", "打卡"))
                .add(body.objectNode().put("type", "picture").put("downloadCode", "dc-123"))
                .add(body.objectNode().put("text", "统计"));
        int before = g.received().size();

        g.publish(withBody(copy(template, "m-rich", "richText", null), body));

        assertThat(SimulatedGroup.text(g.awaitReply(before))).startsWith("@user123 ").contains("还没有人打卡");
    }

    @Test
    void anExpiredSessionIsAnsweredThroughTheOpenApi() {
        SimulatedGroup g = group("过期群");
        ChatMessage fresh = g.message("帮助", "user123", "小明");
        int before = g.received().size();
        double openApiBefore = count("dingrelay.chat.replies", "channel", "openapi", "outcome", "delivered");

        g.publish(expired(fresh));

        JsonNode reply = g.awaitReply(before);
        assertThat(reply.path("channel").asText()).isEqualTo("openapi");
        // The simulator shows a sampleText send as its webhook twin; the OpenAPI cannot @, so the nick leads the text.
        assertThat(reply.at("/message/msgtype").asText()).isEqualTo("text");
        assertThat(SimulatedGroup.text(reply)).startsWith("@小明 我是疫情信息助手");
        assertThat(count("dingrelay.chat.replies", "channel", "openapi", "outcome", "delivered")).isEqualTo(openApiBefore + 1);
    }

    @Test
    void aSessionDingTalkRefusesIsAnsweredThroughTheOpenApi() {
        SimulatedGroup g = group("拒绝群");
        ChatMessage fresh = g.message("打卡统计", "user123", "小明");
        int before = g.received().size();
        double refused = count("dingrelay.chat.replies", "channel", "session", "outcome", "permanent");

        // A session DingTalk no longer knows (it answers 300001 "session 不存在").
        g.publish(withSession(fresh, simulator + "/robot/sendBySession?session=forgotten-session"));

        JsonNode reply = g.awaitReply(before);
        assertThat(reply.path("channel").asText()).isEqualTo("openapi");
        assertThat(SimulatedGroup.text(reply)).startsWith("@小明 ").contains("还没有人打卡");
        assertThat(count("dingrelay.chat.replies", "channel", "session", "outcome", "permanent")).isEqualTo(refused);
    }

    @Test
    void aRedeliveredMessageIsAnsweredOnce() {
        SimulatedGroup g = group("重复群");
        ChatMessage first = g.message("帮助", "user123", "小明");
        ChatMessage second = g.message("打卡统计", "user123", "小明");
        int before = g.received().size();

        g.publish(first, first, second, first);

        g.awaitReceived(before, r -> SimulatedGroup.text(r).contains("还没有人打卡"));
        List<JsonNode> replies = g.received().subList(before, g.received().size());
        assertThat(replies).extracting(SimulatedGroup::text).filteredOn(t -> t.contains("我是疫情信息助手")).hasSize(1);
    }

    @Test
    void readyWithDatabaseKafkaAndFaqChecksAndMetricsServed() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItem("Kafka connection health check"))
                .body("checks.name", hasItem("FAQ index"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(given().get("/q/metrics").then()
                .statusCode(200).extract().asString()).contains("dingrelay_chat_faq_pairs"));
    }

    private double count(String name, String... tags) {
        var counter = meters.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    private static ChatMessage copy(ChatMessage m, String msgId, String msgtype, String text) {
        return new ChatMessage(io.dingrelay.events.ids.MsgId.of(msgId + "-" + System.nanoTime()), m.app(), m.conversationId(),
                m.conversationType(), m.conversationTitle(), msgtype, text, m.sender(), m.robotCode(), m.chatbotUserId(),
                m.atUsers(), true, m.sessionWebhook(), m.sessionWebhookExpiresAt(), m.createdAt(), Instant.now(), m.body());
    }

    private static ChatMessage withBody(ChatMessage m, JsonNode body) {
        return new ChatMessage(m.msgId(), m.app(), m.conversationId(), m.conversationType(), m.conversationTitle(),
                m.msgtype(), m.text(), m.sender(), m.robotCode(), m.chatbotUserId(), m.atUsers(), true, m.sessionWebhook(),
                m.sessionWebhookExpiresAt(), m.createdAt(), Instant.now(), body);
    }

    private static ChatMessage expired(ChatMessage m) {
        return new ChatMessage(m.msgId(), m.app(), m.conversationId(), m.conversationType(), m.conversationTitle(),
                m.msgtype(), m.text(), m.sender(), m.robotCode(), m.chatbotUserId(), m.atUsers(), true, m.sessionWebhook(),
                Instant.now().minus(Duration.ofMinutes(1)), m.createdAt(), Instant.now(), m.body());
    }

    private static ChatMessage withSession(ChatMessage m, String session) {
        return new ChatMessage(m.msgId(), m.app(), m.conversationId(), m.conversationType(), m.conversationTitle(),
                m.msgtype(), m.text(), m.sender(), m.robotCode(), m.chatbotUserId(), m.atUsers(), true, session,
                m.sessionWebhookExpiresAt(), m.createdAt(), Instant.now(), m.body());
    }

    private static String exportNdjson() {
        return given().header("Authorization", ADMIN).get("/api/faq/export").then().statusCode(200).extract().asString();
    }
}
