package io.dingrelay.chat.delivery;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.dingrelay.chat.config.ChatBridgeConfig;
import io.github.bucket4j.Bucket;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * DingTalk's limits enforced before sending (design.md: never discovered by being banned), with Bucket4j token
 * buckets: replies per conversation per minute, and OpenAPI calls per app per second. A reply waits up to
 * {@code dingrelay.chat.delivery.max-limit-wait} for a token, then is given up (throttled).
 *
 * <p>Per replica: chat-bridge's replicas share the conversations by Kafka partition (key = conversationId), so one
 * conversation's bucket lives in one replica; the app budget is split by configuring {@code app-qps} per replica.
 */
@ApplicationScoped
public class ReplyLimits {

    private final Cache<String, Bucket> conversations;
    private final Cache<String, Bucket> apps;
    private final int perConversationPerMinute;
    private final int appQps;
    private final Duration maxWait;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "chat-reply-limits");
        t.setDaemon(true);
        return t;
    });

    public ReplyLimits(ChatBridgeConfig config) {
        this.perConversationPerMinute = config.delivery().perConversationPerMinute();
        this.appQps = config.delivery().appQps();
        this.maxWait = config.delivery().maxLimitWait();
        if (perConversationPerMinute < 1 || appQps < 1) {
            throw new IllegalArgumentException("dingrelay.chat.delivery.per-conversation-per-minute and .app-qps must be"
                    + " at least 1, got " + perConversationPerMinute + " and " + appQps);
        }
        // A bucket idle for two refill periods is full again: forgetting it changes nothing.
        this.conversations = Caffeine.newBuilder().expireAfterAccess(Duration.ofMinutes(2)).build();
        this.apps = Caffeine.newBuilder().build();
    }

    /** True once a reply to this conversation may go; false if none became free within the wait. */
    public Uni<Boolean> conversation(String conversationId) {
        return acquire(conversations.get(conversationId, id -> Bucket.builder()
                .addLimit(l -> l.capacity(perConversationPerMinute).refillGreedy(perConversationPerMinute, Duration.ofMinutes(1)))
                .build()));
    }

    /** True once an OpenAPI call for this app may go. */
    public Uni<Boolean> app(String app) {
        return acquire(apps.get(app, name -> Bucket.builder()
                .addLimit(l -> l.capacity(appQps).refillIntervally(appQps, Duration.ofSeconds(1)))
                .build()));
    }

    private Uni<Boolean> acquire(Bucket bucket) {
        if (bucket.tryConsume(1)) {
            return Uni.createFrom().item(Boolean.TRUE); // the usual case, without a scheduler hop
        }
        return Uni.createFrom().completionStage(() -> bucket.asScheduler().tryConsume(1, maxWait, scheduler));
    }

    @PreDestroy
    void close() {
        scheduler.shutdownNow();
    }
}
