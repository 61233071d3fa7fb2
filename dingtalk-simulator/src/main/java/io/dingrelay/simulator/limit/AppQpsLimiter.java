package io.dingrelay.simulator.limit;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The OpenAPI per-app-per-API QPS limit: at most N calls per app and API in each clock second
 * (DingTalk's window is one second; its advice is "sleep 1 s and retry"). Over it → 403
 * {@code Forbidden.AccessDenied.QpsLimitForAppkeyAndApi}.
 */
@ApplicationScoped
public class AppQpsLimiter {

    private final ConcurrentHashMap<String, Second> byAppAndApi = new ConcurrentHashMap<>();

    public boolean tryAcquire(String appKey, String api, long nowMillis, Limits limits) {
        if (!limits.appQpsEnabled()) {
            return true;
        }
        return byAppAndApi.computeIfAbsent(appKey + ' ' + api, k -> new Second()).tryAcquire(nowMillis / 1000, limits.appQps());
    }

    public void clear() {
        byAppAndApi.clear();
    }

    private static final class Second {
        private long second = -1;
        private int calls;

        synchronized boolean tryAcquire(long nowSecond, int qps) {
            if (nowSecond != second) {
                second = nowSecond;
                calls = 0;
            }
            return ++calls <= qps;
        }
    }
}
