package io.dingrelay.chat.service;

import io.dingrelay.chat.config.ChatBridgeConfig;
import io.dingrelay.events.ids.MsgId;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The message ids answered (or being answered) recently: a bounded, in-memory window, oldest forgotten first.
 *
 * <p>Claim before replying, release if the reply failed: a message is answered at most once while its id is in
 * the window, and a redelivered copy of a message whose reply failed gets another chance.
 */
@ApplicationScoped
public class RecentMessageIds {

    private final Map<MsgId, Boolean> window;

    public RecentMessageIds(ChatBridgeConfig config) {
        int capacity = config.duplicateWindow();
        if (capacity < 1) {
            throw new IllegalArgumentException("dingrelay.chat.duplicate-window must be at least 1, got " + capacity);
        }
        this.window = new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<MsgId, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** @return true if this id was not in the window (the caller may answer it), false for a duplicate */
    public synchronized boolean claim(MsgId id) {
        return window.putIfAbsent(id, Boolean.TRUE) == null;
    }

    /** Forgets a claim whose reply failed. */
    public synchronized void release(MsgId id) {
        window.remove(id);
    }
}
