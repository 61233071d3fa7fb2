package io.dingrelay.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Map;

/**
 * The Stream-mode keys of the shared {@code dingtalk.*} configuration that only the gateway reads:
 * {@code dingtalk.api-base-url} and {@code dingtalk.apps.<name>.stream.*}. Kept apart from messaging's
 * {@code DingTalkAppsConfig} so the other services need not know them.
 */
@ConfigMapping(prefix = "dingtalk")
public interface StreamAppsConfig {

    /** Base URL of DingTalk's OpenAPI, where Stream connections are opened ({@code /v1.0/gateway/connections/open}). */
    @WithDefault("https://api.dingtalk.com")
    String apiBaseUrl();

    /** Apps by name; an app with no {@code stream.*} key is not in Stream mode. */
    Map<String, App> apps();

    interface App {

        /** Stream mode of this app. */
        Stream stream();
    }

    interface Stream {

        /**
         * Receive this app's robot messages and events over DingTalk's Stream WebSocket (no public endpoint needed).
         * The HTTP endpoints stay served either way. Off by default: an app needs Stream mode chosen in DingTalk's
         * developer console first.
         */
        @WithDefault("false")
        boolean enabled();

        /** Connections kept open at once; DingTalk picks one at random per message (§6.6). */
        @WithDefault("1")
        int connections();
    }
}
