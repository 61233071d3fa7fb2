package io.dingrelay.chat.messaging;

import io.dingrelay.chat.service.ChatResponder;
import io.dingrelay.events.chat.ChatMessage;
import io.dingrelay.messaging.RecordReader;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Reads verified @robot messages from {@code dingtalk.chat-messages} and hands them to the responder. The record is
 * acknowledged when the Uni completes, i.e. after the reply was answered (or given up on), so a crash before that
 * redelivers it and the msgId claim keeps it from being answered twice. A record that cannot be read (or lacks the
 * msgId, conversation or app a reply needs) is counted {@code malformed}, logged and skipped by the
 * {@link RecordReader}: retrying would not make it readable.
 */
@ApplicationScoped
public class ChatMessageConsumer {

    private final ChatResponder responder;
    private final RecordReader reader;

    public ChatMessageConsumer(ChatResponder responder, RecordReader reader) {
        this.responder = responder;
        this.reader = reader;
    }

    @Incoming(RecordReaders.CHANNEL)
    public Uni<Void> onMessage(ConsumerRecord<String, String> record) {
        return reader.read(RecordReaders.CHANNEL, record, ChatMessage.class, ChatMessageConsumer::requireReplyable)
                .map(message -> responder.respond(message).replaceWithVoid())
                .orElseGet(() -> Uni.createFrom().voidItem());
    }

    private static void requireReplyable(ChatMessage message) {
        if (message.msgId() == null || message.conversationId() == null || message.app() == null) {
            throw new IllegalArgumentException("msgId, conversationId and app are required");
        }
    }
}
