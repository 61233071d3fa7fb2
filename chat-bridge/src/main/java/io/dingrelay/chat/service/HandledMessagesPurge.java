package io.dingrelay.chat.service;

import io.dingrelay.chat.persistence.HandledMessages;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import org.jboss.logging.Logger;

/** Forgets answered msgIds older than {@code dingrelay.chat.dedup.retention}, once an hour. */
@ApplicationScoped
public class HandledMessagesPurge {

    private static final Logger LOG = Logger.getLogger(HandledMessagesPurge.class);
    private static final long EVERY_MILLIS = 3_600_000L;

    private final HandledMessages handled;
    private final Vertx vertx;
    private long timer = -1;

    public HandledMessagesPurge(HandledMessages handled, Vertx vertx) {
        this.handled = handled;
        this.vertx = vertx;
    }

    void onStart(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(EVERY_MILLIS, id -> handled.purge(Instant.now()).subscribe().with(
                n -> LOG.debugf("Purged %d handled message ids", n),
                e -> LOG.warnf("Purging handled message ids failed: %s", e.getMessage())));
    }

    @PreDestroy
    void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }
}
