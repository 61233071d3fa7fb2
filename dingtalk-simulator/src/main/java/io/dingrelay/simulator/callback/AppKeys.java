package io.dingrelay.simulator.callback;

import io.dingrelay.simulator.config.DingTalkAppsConfig;

/**
 * One DingTalk app's credentials as the callback builders need them, independent of CDI so the load
 * generator (which runs without the server) uses the same code.
 */
public record AppKeys(String name, String appKey, String appSecret, String token, String aesKey, String ownerKey) {

    public static AppKeys of(String name, DingTalkAppsConfig.App app) {
        return new AppKeys(name, app.appKey(), app.appSecret(), app.token(), app.aesKey(), app.ownerKey());
    }
}
