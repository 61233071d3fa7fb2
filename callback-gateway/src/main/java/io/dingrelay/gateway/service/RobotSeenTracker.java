package io.dingrelay.gateway.service;

import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.concurrent.ConcurrentMap;

/**
 * Decides when a robot message also announces {@code ROBOT_SEEN} for its group: at most once per group per window
 * (per instance), and again after a failed publish so the registry does not miss a group because of one outage.
 */
public final class RobotSeenTracker {

    private final ConcurrentMap<String, Boolean> announced;

    public RobotSeenTracker(Duration window, long maxEntries) {
        this.announced = Caffeine.newBuilder()
                .expireAfterWrite(window)
                // Housekeeping on the calling thread: no hand-off to the common pool for every few writes.
                .executor(Runnable::run)
                .maximumSize(maxEntries)
                .<String, Boolean>build()
                .asMap();
    }

    /** True for the first message of a group in the window: the caller publishes ROBOT_SEEN, then {@link #settle}s. */
    public boolean shouldAnnounce(String groupKey) {
        return announced.putIfAbsent(groupKey, Boolean.TRUE) == null;
    }

    /** After the publish: a failed announcement is forgotten so the group's next message tries again. */
    public void settle(String groupKey, boolean durable) {
        if (!durable) {
            announced.remove(groupKey);
        }
    }
}
