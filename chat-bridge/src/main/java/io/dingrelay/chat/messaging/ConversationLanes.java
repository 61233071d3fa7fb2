package io.dingrelay.chat.messaging;

import io.dingrelay.chat.config.ChatBridgeConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * One lane per conversation: the messages of one group are answered one after the other, in the order they were
 * consumed, while different groups are answered at the same time — at most
 * {@code dingrelay.chat.consumer.max-in-flight} messages at once in this process.
 *
 * <p>Why not Mutiny's {@code group().by(conversationId)}: its groups never complete while the topic is consumed, so
 * every conversation ever seen would keep a stream, and a {@code flatMap} over them stalls once there are more
 * conversations than its concurrency. A lane here exists only while its conversation has a message in flight.
 *
 * <p>Work runs on the Vert.x context of the consumer that handed it in (the Kafka consumer's event loop), wherever
 * the previous message of its lane finished.
 */
@ApplicationScoped
public class ConversationLanes {

    private static final CompletableFuture<Void> IDLE = CompletableFuture.completedFuture(null);

    private final int maxInFlight;
    /** Per conversation with work in flight, the completion of its last work. Guarded by {@code this}. */
    private final Map<String, CompletableFuture<Void>> tails = new HashMap<>();
    /** Consumers waiting for room, completed on their own context. Guarded by {@code this}. */
    private final ArrayDeque<Runnable> waitingForRoom = new ArrayDeque<>();
    /** Work handed in and not yet finished. Guarded by {@code this}. */
    private int inFlight;

    @Inject
    public ConversationLanes(ChatBridgeConfig config, MeterRegistry meters) {
        this(config.consumer().maxInFlight());
        Gauge.builder("dingrelay.chat.messages.in.flight", this, ConversationLanes::inFlight)
                .description("Messages being answered or waiting behind their conversation's previous one")
                .register(meters);
    }

    public ConversationLanes(int maxInFlight) {
        this.maxInFlight = maxInFlight;
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("dingrelay.chat.consumer.max-in-flight must be at least 1, got " + maxInFlight);
        }
    }

    /**
     * Runs {@code work} once the work handed in before for the same conversation has finished (failed or not).
     * The lane is taken when the returned Uni is subscribed to, so subscribe in the order of the messages.
     */
    public <T> Uni<T> inOrder(String conversation, Supplier<Uni<T>> work) {
        return Uni.createFrom().deferred(() -> {
            CompletableFuture<Void> mine = new CompletableFuture<>();
            CompletableFuture<Void> previous;
            synchronized (this) {
                previous = tails.getOrDefault(conversation, IDLE);
                tails.put(conversation, mine);
                inFlight++;
            }
            Uni<Void> turn = previous.isDone()
                    ? Uni.createFrom().voidItem() // the usual case: the group has nothing in flight, no hop
                    : Uni.createFrom().completionStage(previous).emitOn(onCurrentContext());
            return turn.chain(ignored -> work.get())
                    .onTermination().invoke(() -> finished(conversation, mine));
        });
    }

    /**
     * Completes at once while fewer than {@code max-in-flight} messages are in flight, otherwise when one finishes:
     * the consumer takes its next record after this, which is the back-pressure on Kafka.
     */
    public Uni<Void> room() {
        return Uni.createFrom().deferred(() -> {
            synchronized (this) {
                if (inFlight < maxInFlight) {
                    return Uni.createFrom().voidItem();
                }
                CompletableFuture<Void> room = new CompletableFuture<>();
                Executor context = onCurrentContext();
                waitingForRoom.add(() -> context.execute(() -> room.complete(null)));
                return Uni.createFrom().completionStage(room);
            }
        });
    }

    /** Messages handed in and not finished yet (a gauge). */
    public synchronized int inFlight() {
        return inFlight;
    }

    private void finished(String conversation, CompletableFuture<Void> mine) {
        Runnable wakeUp = null;
        synchronized (this) {
            // The lane disappears with its last message, so idle conversations cost nothing.
            tails.remove(conversation, mine);
            inFlight--;
            if (inFlight < maxInFlight) {
                wakeUp = waitingForRoom.poll();
            }
        }
        mine.complete(null);
        if (wakeUp != null) {
            wakeUp.run();
        }
    }

    /** Runs on the caller's Vert.x context (the consumer's event loop), or right away outside one. */
    private static Executor onCurrentContext() {
        Context context = Vertx.currentContext();
        return context == null ? Runnable::run : command -> context.runOnContext(v -> command.run());
    }
}
