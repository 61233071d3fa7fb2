package io.dingrelay.chat.messaging;

import io.dingrelay.chat.service.ChatResponder;
import io.dingrelay.events.chat.ChatMessage;
import io.dingrelay.messaging.RecordReader;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Reads verified @robot messages from {@code dingtalk.chat-messages} and hands each to its conversation's lane
 * ({@link ConversationLanes}): one group's messages are answered in order, different groups' at the same time, so a
 * partition is not held up by one slow reply.
 *
 * <p>At least once: a record is acknowledged only after its reply was answered (or given up on) and the outcome
 * written down ({@link ChatResponder#settle}). Records are acknowledged out of order; Kafka's {@code throttled}
 * commit strategy commits a partition's offset only up to the oldest record not yet acknowledged, so a crash
 * redelivers every unfinished record, and the msgId claim keeps the finished ones from being answered twice.
 *
 * <p>A record that cannot be read (or lacks the msgId, conversation or app a reply needs) is counted
 * {@code malformed}, logged and skipped by the {@link RecordReader}: retrying would not make it readable.
 */
@ApplicationScoped
public class ChatMessageConsumer {

    private final ChatResponder responder;
    private final RecordReader reader;
    private final ConversationLanes lanes;

    public ChatMessageConsumer(ChatResponder responder, RecordReader reader, ConversationLanes lanes) {
        this.responder = responder;
        this.reader = reader;
        this.lanes = lanes;
    }

    /** Completes when the next record may be taken: at once, unless {@code max-in-flight} messages are in flight. */
    @Incoming(RecordReaders.CHANNEL)
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public Uni<Void> onMessage(Message<ConsumerRecord<String, String>> record) {
        Optional<ChatMessage> read = reader.read(RecordReaders.CHANNEL, record.getPayload(), ChatMessage.class,
                ChatMessageConsumer::requireReplyable);
        if (read.isEmpty()) {
            return Uni.createFrom().completionStage(record::ack);
        }
        ChatMessage message = read.get();
        lanes.inOrder(message.conversationId().value(), () -> responder.reply(message))
                .chain(responder::settle)
                .subscribe().with(settled -> record.ack(), record::nack);
        return lanes.room();
    }

    private static void requireReplyable(ChatMessage message) {
        if (message.msgId() == null || message.conversationId() == null || message.app() == null) {
            throw new IllegalArgumentException("msgId, conversationId and app are required");
        }
    }
}
