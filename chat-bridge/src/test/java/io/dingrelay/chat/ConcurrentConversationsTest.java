package io.dingrelay.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dingrelay.chat.support.DemoApp;
import io.dingrelay.chat.support.SimulatedGroup;
import io.dingrelay.events.EventJson;
import io.dingrelay.events.Topics;
import io.dingrelay.events.chat.ChatMessage;
import io.dingrelay.testkit.KafkaResource;
import io.dingrelay.testkit.PostgresResource;
import io.dingrelay.testkit.SimulatorResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Messages of one partition are answered per conversation: a group whose message cannot be answered yet holds up
 * neither the other groups of its partition nor its own order. The hold-up is real and has no timeout: the test
 * keeps an uncommitted claim of the message's msgId open in PostgreSQL, so chat-bridge's claim of it waits for that
 * transaction. (Answering a partition one message at a time, the other group would wait too.)
 */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "chat_bridge_test"))
@QuarkusTestResource(DemoApp.Simulator.class)
class ConcurrentConversationsTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @ConfigProperty(name = SimulatorResource.URL_PROPERTY)
    String simulator;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @ConfigProperty(name = "quarkus.datasource.username")
    String user;

    @ConfigProperty(name = "quarkus.datasource.password")
    String password;

    @Test
    void aGroupWaitingForItsAnswerHoldsUpNeitherOtherGroupsNorItsOwnOrder() throws Exception {
        SimulatedGroup waiting = SimulatedGroup.create(simulator, kafka, "等待群");
        SimulatedGroup other = SimulatedGroup.create(simulator, kafka, "旁边的群");
        ChatMessage first = waiting.message("帮助", "user123", "小明");
        ChatMessage second = waiting.message("打卡统计", "user123", "小明");
        ChatMessage elsewhere = other.message("帮助", "user456", "小红");

        try (Connection db = DriverManager.getConnection(jdbcUrl, user, password)) {
            db.setAutoCommit(false);
            try (PreparedStatement claim = db.prepareStatement("INSERT INTO handled_messages"
                    + " (msg_id, conversation_id, state, claimed_at) VALUES (?, ?, 'claimed', now())")) {
                claim.setString(1, first.msgId().value());
                claim.setString(2, first.conversationId().value());
                claim.executeUpdate();
            }
            publishToOnePartition(first, second, elsewhere);

            other.awaitReceived(0, r -> SimulatedGroup.text(r).startsWith("@user456 我是疫情信息助手"));
            assertThat(waiting.received()).as("nothing answered in the waiting group, not even the message behind").isEmpty();
            db.rollback(); // chat-bridge's claim of the first message goes through now
        }

        waiting.awaitReceived(0, r -> SimulatedGroup.text(r).contains("还没有人打卡"));
        List<String> texts = waiting.received().stream().map(SimulatedGroup::text).toList();
        assertThat(texts).hasSize(2);
        assertThat(texts.get(0)).startsWith("@user123 我是疫情信息助手");
        assertThat(texts.get(1)).contains("还没有人打卡");
        // Both are written down as answered (after their replies, off the group's path).
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(states(first, second))
                .containsExactly("answered", "answered"));
    }

    private List<String> states(ChatMessage... messages) throws Exception {
        List<String> states = new java.util.ArrayList<>();
        try (Connection db = DriverManager.getConnection(jdbcUrl, user, password);
                PreparedStatement q = db.prepareStatement("SELECT state FROM handled_messages WHERE msg_id = ?")) {
            for (ChatMessage m : messages) {
                q.setString(1, m.msgId().value());
                try (var rows = q.executeQuery()) {
                    states.add(rows.next() ? rows.getString(1) : "none");
                }
            }
        }
        return states;
    }

    /** The three messages on partition 0, in this order, whatever their keys would choose. */
    private void publishToOnePartition(ChatMessage... messages) {
        try (KafkaCompanion companion = new KafkaCompanion(kafka)) {
            companion.produceStrings().fromRecords(Arrays.stream(messages)
                            .map(m -> new ProducerRecord<>(Topics.CHAT_MESSAGES, 0, m.conversationId().value(),
                                    EventJson.write(m)))
                            .toList())
                    .awaitCompletion(Duration.ofSeconds(30));
        }
    }
}
