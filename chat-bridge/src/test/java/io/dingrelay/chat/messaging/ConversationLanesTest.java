package io.dingrelay.chat.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The lanes on their own: each piece of work is a future the test completes by hand, so what started when is exact
 * (no threads, no clocks).
 */
class ConversationLanesTest {

    private final List<String> started = new CopyOnWriteArrayList<>();

    /** Work that records its start and finishes when the test completes the returned future. */
    private CompletableFuture<String> handIn(ConversationLanes lanes, String conversation, String name) {
        CompletableFuture<String> finish = new CompletableFuture<>();
        lanes.inOrder(conversation, () -> {
            started.add(name);
            return Uni.createFrom().completionStage(finish);
        }).subscribe().with(done -> {
        }, failed -> {
        });
        return finish;
    }

    @Test
    void oneConversationsMessagesRunOneAfterTheOtherInOrder() {
        ConversationLanes lanes = new ConversationLanes(10);
        CompletableFuture<String> first = handIn(lanes, "cid-a", "a1");
        CompletableFuture<String> second = handIn(lanes, "cid-a", "a2");
        CompletableFuture<String> third = handIn(lanes, "cid-a", "a3");
        assertThat(started).containsExactly("a1");

        first.complete("done");
        assertThat(started).containsExactly("a1", "a2");
        second.completeExceptionally(new IllegalStateException("a failed reply still frees the lane"));
        assertThat(started).containsExactly("a1", "a2", "a3");
        third.complete("done");
        assertThat(lanes.inFlight()).isZero();
    }

    @Test
    void otherConversationsRunWhileOneIsWaiting() {
        ConversationLanes lanes = new ConversationLanes(10);
        CompletableFuture<String> slow = handIn(lanes, "cid-a", "a1");
        handIn(lanes, "cid-a", "a2");
        handIn(lanes, "cid-b", "b1").complete("done");
        handIn(lanes, "cid-c", "c1").complete("done");

        assertThat(started).containsExactly("a1", "b1", "c1");
        assertThat(lanes.inFlight()).isEqualTo(2);
        slow.complete("done");
        assertThat(started).containsExactly("a1", "b1", "c1", "a2");
    }

    @Test
    void theConsumerWaitsForRoomWhenMaxInFlightAreRunning() {
        ConversationLanes lanes = new ConversationLanes(2);
        CompletableFuture<String> a = handIn(lanes, "cid-a", "a1");
        assertThat(lanes.room().subscribeAsCompletionStage()).isDone();
        handIn(lanes, "cid-b", "b1");

        CompletableFuture<Void> room = lanes.room().subscribeAsCompletionStage();
        assertThat(room).isNotDone();
        a.complete("done");
        assertThat(room).isDone();
        assertThat(lanes.inFlight()).isEqualTo(1);
    }
}
