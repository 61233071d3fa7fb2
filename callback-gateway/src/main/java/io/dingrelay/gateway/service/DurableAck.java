package io.dingrelay.gateway.service;

import io.dingrelay.gateway.messaging.NotDurableException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Waits for Kafka's acknowledgement with a deadline, on the request's own Vert.x context: the acknowledgement arrives
 * on the producer's I/O thread, which must not serialise answers, and the deadline is a Vert.x timer on the event
 * loop rather than a thread of its own. Whichever comes first wins; the other is ignored.
 */
@ApplicationScoped
public class DurableAck {

    private final Vertx vertx;

    DurableAck(Vertx vertx) {
        this.vertx = vertx;
    }

    /**
     * Completes when {@code acked} does, fails with {@link NotDurableException} when it fails or when
     * {@code deadline} passes first. Abandoning the wait does not cancel the write: records may still land later.
     */
    public Uni<Void> await(CompletableFuture<Void> acked, Duration deadline) {
        Context context = Vertx.currentContext();
        if (context == null) {
            // Not on a Vert.x thread (never the case for requests); fall back to Mutiny's own timer.
            return Uni.createFrom().completionStage(acked)
                    .ifNoItem().after(deadline).failWith(() -> timedOut(deadline))
                    .onFailure().transform(DurableAck::notDurable);
        }
        return Uni.createFrom().emitter(emitter -> {
            if (acked.isDone()) {
                settle(acked, emitter);
                return;
            }
            long timer = vertx.setTimer(Math.max(1, deadline.toMillis()), id -> emitter.fail(timedOut(deadline)));
            acked.whenComplete((ok, failure) -> context.runOnContext(v -> {
                vertx.cancelTimer(timer);
                settle(acked, emitter);
            }));
        });
    }

    private static void settle(CompletableFuture<Void> acked, io.smallrye.mutiny.subscription.UniEmitter<? super Void> emitter) {
        try {
            acked.join();
            emitter.complete(null);
        } catch (CompletionException e) {
            emitter.fail(notDurable(e.getCause()));
        } catch (RuntimeException e) {
            emitter.fail(notDurable(e));
        }
    }

    private static NotDurableException timedOut(Duration deadline) {
        return new NotDurableException("Kafka did not acknowledge within " + deadline.toMillis() + " ms");
    }

    private static Throwable notDurable(Throwable t) {
        return t instanceof NotDurableException ? t : new NotDurableException(String.valueOf(t), t);
    }
}
