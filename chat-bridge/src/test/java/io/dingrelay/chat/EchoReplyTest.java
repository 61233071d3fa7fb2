package io.dingrelay.chat;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import com.fasterxml.jackson.databind.JsonNode;
import io.dingrelay.events.EventJson;
import io.dingrelay.events.Topics;
import io.dingrelay.events.chat.ChatMessage;
import io.dingrelay.events.ids.AppName;
import io.dingrelay.events.ids.ConversationId;
import io.dingrelay.events.ids.MsgId;
import io.dingrelay.testkit.KafkaResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * chat-bridge against a real broker, with a tiny HTTP server standing in for DingTalk's sessionWebhook: what
 * arrives at that server is what the group would see.
 */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
class EchoReplyTest {

    /** Answers like DingTalk; the session named {@link #GONE_SESSION} is refused like an expired one. */
    private static final String GONE_SESSION = "gone-session-token";
    /** Never answered: the reply times out. */
    private static final String SILENT_SESSION = "silent-session-token";
    private static final Queue<Received> RECEIVED = new ConcurrentLinkedQueue<>();
    private static final Queue<String> LOG_LINES = new ConcurrentLinkedQueue<>();
    private static final Handler LOG_CAPTURE = new Handler() {
        @Override
        public void publish(LogRecord record) {
            String message = record.getMessage();
            if (record.getParameters() != null && message != null) {
                message = message + " " + List.of(record.getParameters());
            }
            LOG_LINES.add(String.valueOf(message));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private static Vertx vertx;
    private static HttpServer dingTalk;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    MeterRegistry meters;

    record Received(String path, String session, JsonNode body) {
    }

    @BeforeAll
    static void startDingTalk() throws Exception {
        vertx = Vertx.vertx();
        dingTalk = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            String session = request.getParam("session");
            RECEIVED.add(new Received(request.path(), session, EventJson.read(body.toString(), JsonNode.class)));
            if (SILENT_SESSION.equals(session)) {
                return;
            }
            String answer = GONE_SESSION.equals(session)
                    ? "{\"errcode\":300001,\"errmsg\":\"session 不存在\"}"
                    : "{\"errcode\":0,\"errmsg\":\"ok\"}";
            request.response().putHeader("Content-Type", "application/json").end(answer);
        })).listen(0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        Logger.getLogger("io.dingrelay.chat").addHandler(LOG_CAPTURE);
    }

    @AfterAll
    static void stopDingTalk() throws Exception {
        Logger.getLogger("io.dingrelay.chat").removeHandler(LOG_CAPTURE);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void readyWithKafkaCheckUpAndMetricsServed() {
        given().when().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("Kafka connection health check"));
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/metrics").then().statusCode(200).body(containsString("dingrelay_chat_reply_duration"));
    }

    @Test
    void repliesWithTheEchoAndMentionsTheSender() {
        produce(message("cid-echo", "msg-echo-1", "s-echo", "你好 DingRelay", "user123", Duration.ofMinutes(90)));

        Received reply = awaitReplyOn("s-echo");

        assertThat(reply.path()).isEqualTo("/robot/sendBySession");
        assertThat(reply.body()).isEqualTo(EventJson.read(
                "{\"msgtype\":\"text\",\"text\":{\"content\":\"echo: 你好 DingRelay\"},"
                        + "\"at\":{\"atUserIds\":[\"user123\"],\"isAtAll\":false}}",
                JsonNode.class));
    }

    @Test
    void doesNotReplyWhenTheSessionWebhookHasExpired() {
        double expiredBefore = count("dingrelay.chat.messages", "result", "expired");
        // Same conversation, so the same partition: the second message is handled after the first.
        produce(message("cid-expired", "msg-expired-1", "s-expired", "too late", "user123", Duration.ofMinutes(-1)),
                message("cid-expired", "msg-expired-2", "s-after-expired", "in time", "user123", Duration.ofMinutes(90)));

        awaitReplyOn("s-after-expired");

        assertThat(repliesOn("s-expired")).isZero();
        assertThat(count("dingrelay.chat.messages", "result", "expired")).isEqualTo(expiredBefore + 1);
    }

    @Test
    void answersARedeliveredMessageOnlyOnce() {
        ChatMessage first = message("cid-dup", "msg-dup-1", "s-dup", "once", "user123", Duration.ofMinutes(90));
        produce(first, first, message("cid-dup", "msg-dup-2", "s-after-dup", "next", "user123", Duration.ofMinutes(90)));

        awaitReplyOn("s-after-dup");

        assertThat(repliesOn("s-dup")).isEqualTo(1);
    }

    @Test
    void countsARefusedReplyAsFailedWithoutLoggingTheSessionToken() {
        double failedBefore = count("dingrelay.chat.reply.failures", "outcome", "permanent");
        produce(message("cid-gone", "msg-gone-1", GONE_SESSION, "anyone?", "user123", Duration.ofMinutes(90)));

        awaitReplyOn(GONE_SESSION);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(count("dingrelay.chat.reply.failures", "outcome", "permanent")).isEqualTo(failedBefore + 1));
        assertThat(LOG_LINES).anySatisfy(line -> assertThat(line).contains("msg-gone-1").contains("300001"));
        assertThat(LOG_LINES).noneSatisfy(line -> assertThat(line).contains(GONE_SESSION));
    }

    @Test
    void countsATimedOutReplyAsRetryableFailureWithoutLoggingTheSessionToken() {
        double failedBefore = count("dingrelay.chat.reply.failures", "outcome", "retryable");
        produce(message("cid-silent", "msg-silent-1", SILENT_SESSION, "hello?", "user123", Duration.ofMinutes(90)));

        awaitReplyOn(SILENT_SESSION);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(count("dingrelay.chat.reply.failures", "outcome", "retryable")).isEqualTo(failedBefore + 1));
        assertThat(LOG_LINES).anySatisfy(line -> assertThat(line).contains("msg-silent-1").contains("timeout"));
        assertThat(LOG_LINES).noneSatisfy(line -> assertThat(line).contains(SILENT_SESSION));
    }

    private ChatMessage message(String conversation, String msgId, String session, String text, String staffId,
            Duration expiresIn) {
        Instant now = Instant.now();
        String webhook = "http://localhost:" + dingTalk.actualPort() + "/robot/sendBySession?session=" + session;
        return new ChatMessage(MsgId.of(msgId), AppName.of("demo"), ConversationId.of(conversation), "2", "测试群",
                "text", text, new ChatMessage.Sender("$:LWCP_v1:$abc", "杨", staffId, "ding-corp", "union-1"),
                null, "$:LWCP_v1:$robot", List.of(), true, webhook, now.plus(expiresIn), now, now,
                EventJson.mapper().createObjectNode());
    }

    private void produce(ChatMessage... messages) {
        try (KafkaCompanion kafka = new KafkaCompanion(bootstrapServers)) {
            kafka.produceStrings().fromRecords(java.util.Arrays.stream(messages)
                            .map(m -> new ProducerRecord<>(Topics.CHAT_MESSAGES, m.conversationId().value(), EventJson.write(m)))
                            .toList())
                    .awaitCompletion(Duration.ofSeconds(30));
        }
    }

    private static Received awaitReplyOn(String session) {
        return await().atMost(Duration.ofSeconds(60)).until(
                () -> RECEIVED.stream().filter(r -> session.equals(r.session())).findFirst().orElse(null),
                r -> r != null);
    }

    private static long repliesOn(String session) {
        return RECEIVED.stream().filter(r -> session.equals(r.session())).count();
    }

    private double count(String name, String tag, String value) {
        var counter = meters.find(name).tag(tag, value).counter();
        return counter == null ? 0 : counter.count();
    }
}
