package io.dingrelay.chat.messaging;

import io.dingrelay.chat.service.ChatResponder;
import io.dingrelay.chat.service.ReplyResult;
import io.dingrelay.events.EventJson;
import io.dingrelay.events.chat.ChatMessage;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads verified @robot messages from {@code dingtalk.chat-messages} and hands them to the responder. The record is
 * acknowledged when the Uni completes, i.e. after the reply was answered (or given up on), so a crash before that
 * redelivers it and the msgId claim keeps it from being answered twice.
 */
@ApplicationScoped
public class ChatMessageConsumer {

    private static final Logger LOG = Logger.getLogger(ChatMessageConsumer.class);

    private final ChatResponder responder;
    private final MeterRegistry meters;

    public ChatMessageConsumer(ChatResponder responder, MeterRegistry meters) {
        this.responder = responder;
        this.meters = meters;
    }

    @Incoming("chat-messages")
    public Uni<Void> onMessage(ConsumerRecord<String, String> record) {
        ChatMessage message;
        try {
            message = EventJson.read(record.value(), ChatMessage.class);
            if (message.msgId() == null || message.conversationId() == null || message.app() == null) {
                throw new IllegalArgumentException("msgId, conversationId and app are required");
            }
        } catch (UncheckedIOException | IllegalArgumentException | NullPointerException e) {
            // A record we cannot read will not become readable by retrying: skip it, loudly.
            meters.counter("dingrelay.chat.messages", "result", ReplyResult.MALFORMED.tag()).increment();
            LOG.warnf("Skipping malformed chat message %s-%d@%d key=%s: %s", record.topic(), record.partition(),
                    record.offset(), record.key(), e.getMessage());
            return Uni.createFrom().voidItem();
        }
        return responder.respond(message).replaceWithVoid();
    }
}
