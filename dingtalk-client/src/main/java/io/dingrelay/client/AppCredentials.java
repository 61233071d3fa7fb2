package io.dingrelay.client;

import java.util.Objects;

/**
 * One DingTalk app's OpenAPI credentials ({@code dingtalk.apps.<name>.app-key} / {@code .app-secret}). For an
 * internal app's robot the appKey is also the {@code robotCode}.
 *
 * @param name      the app's name in our configuration ({@code demo}); the token cache is keyed by it
 * @param appKey    DingTalk's ClientID
 * @param appSecret DingTalk's ClientSecret: never logged, never in {@link #toString()}
 */
public record AppCredentials(String name, String appKey, String appSecret) {

    public AppCredentials {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(appKey, "appKey");
        Objects.requireNonNull(appSecret, "appSecret");
    }

    @Override
    public String toString() {
        return "AppCredentials[" + name + ", appKey=" + appKey + "]";
    }
}
