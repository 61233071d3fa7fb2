package io.dingrelay.simulator.callback;

import io.dingrelay.messaging.config.DingTalkAppsConfig;

/**
 * One DingTalk app's credentials as the callback builders need them, independent of CDI so the load
 * generator (which runs without the server) uses the same code. {@code token}, {@code aesKey} and {@code ownerKey}
 * are null for an app configured without them (it can sign robot callbacks and get access tokens, not push events).
 */
public record AppKeys(String name, String appKey, String appSecret, String token, String aesKey, String ownerKey) {

    /** Whether event pushes can be encrypted and signed for this app. */
    public boolean canPushEvents() {
        return token != null && aesKey != null && ownerKey != null;
    }

    public static AppKeys of(String name, DingTalkAppsConfig.App app) {
        return new AppKeys(name, app.appKey(), app.appSecret(), app.token().orElse(null), app.aesKey().orElse(null),
                app.ownerKey().orElse(null));
    }
}
